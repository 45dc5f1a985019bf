package io.workermodel.worker.boot;

import java.util.List;

import io.workermodel.worker.WorkerRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image must know of the worker model ahead of time, since it finds these by name at
 * run time: the Java 21 methods that start virtual threads, looked up so that the core still runs
 * on Java 17, and the fields it updates through var handles.
 */
class WorkerRuntimeHints implements RuntimeHintsRegistrar {

	private static final TypeReference THREAD_BUILDER = TypeReference.of("java.lang.Thread$Builder");

	private static final TypeReference VIRTUAL_THREAD_BUILDER = TypeReference.of("java.lang.Thread$Builder$OfVirtual");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ReflectionHints reflection = hints.reflection();
		reflection.registerType(Thread.class,
				(type) -> type.withMethod("ofVirtual", List.of(), ExecutableMode.INVOKE)
					.withMethod("isVirtual", List.of(), ExecutableMode.INVOKE));
		reflection.registerType(VIRTUAL_THREAD_BUILDER, (type) -> type.withMethod("name",
				List.of(TypeReference.of(String.class), TypeReference.of(long.class)), ExecutableMode.INVOKE));
		reflection.registerType(THREAD_BUILDER,
				(type) -> type.withMethod("factory", List.of(), ExecutableMode.INVOKE));
		reflection.registerType(WorkerRequest.class,
				(type) -> type.withField("state").withField("status").withField("thread"));
		reflection.registerType(TypeReference.of("io.workermodel.worker.boot.netty.AbortableRequest$Subscriber"),
				(type) -> type.withField("state"));
	}

}
