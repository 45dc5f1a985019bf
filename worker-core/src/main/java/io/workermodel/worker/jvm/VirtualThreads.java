package io.workermodel.worker.jvm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * The one place that starts virtual threads, found at run time so that the worker model's classes
 * load on Java 17 too, where {@code sync}, {@code gthread} and {@code reactive} run and
 * {@code virtual} is refused at start-up. A multi-release jar would need a second source tree for
 * the two calls made here; a method handle looked up once costs nothing per thread.
 */
public final class VirtualThreads {

	/** Java 21's {@code Thread.ofVirtual()}, or null on a JVM without virtual threads. */
	private static final MethodHandle OF_VIRTUAL;

	/** {@code Thread.Builder.OfVirtual.name(String, long)}. */
	private static final MethodHandle NAME;

	/** {@code Thread.Builder.factory()}. */
	private static final MethodHandle FACTORY;

	private static final MethodHandle IS_VIRTUAL;

	static {
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		MethodHandle[] found = new MethodHandle[4];
		try {
			Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
			Class<?> builder = Class.forName("java.lang.Thread$Builder");
			found[0] = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
			found[1] = lookup.findVirtual(ofVirtual, "name", MethodType.methodType(ofVirtual, String.class, long.class));
			found[2] = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
			found[3] = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			// Java 17: no virtual threads.
		}
		OF_VIRTUAL = found[0];
		NAME = found[1];
		FACTORY = found[2];
		IS_VIRTUAL = found[3];
	}

	private VirtualThreads() {
	}

	/** Whether this JVM has virtual threads (Java 21 and newer). */
	public static boolean supported() {
		return OF_VIRTUAL != null;
	}

	/**
	 * Makes virtual threads named {@code prefix} and a counter from 1.
	 * @throws UnsupportedOperationException on a JVM without virtual threads
	 */
	public static ThreadFactory factory(String prefix) {
		if (!supported()) {
			throw new UnsupportedOperationException("Virtual threads need Java 21 or newer; this is Java "
					+ Runtime.version().feature());
		}
		try {
			return (ThreadFactory) FACTORY.invoke(NAME.invoke(OF_VIRTUAL.invoke(), prefix, 1L));
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not make a virtual thread factory", ex);
		}
	}

	/**
	 * Virtual threads named {@code prefix} and a counter where the JVM has them, else daemon
	 * platform threads named {@code prefix}: for work that merely waits, which Java 17 must still run.
	 */
	public static ThreadFactory factoryOrDaemons(String prefix) {
		return supported() ? factory(prefix) : (task) -> PlatformThreads.daemon(prefix, task);
	}

	/** Whether the thread is a virtual one; never on a JVM without them. */
	public static boolean isVirtual(Thread thread) {
		if (!supported()) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invoke(thread);
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

}
