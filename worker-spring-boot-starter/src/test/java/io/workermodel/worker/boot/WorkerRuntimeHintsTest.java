package io.workermodel.worker.boot;

import io.workermodel.worker.WorkerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints name members that exist, as the JVM running the tests finds them by the same names the
 * worker model uses, and a native image would be told of each.
 */
class WorkerRuntimeHintsTest {

	private final RuntimeHints hints = new RuntimeHints();

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	WorkerRuntimeHintsTest() {
		new WorkerRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void theMethodsThatStartVirtualThreadsCanBeInvoked() throws ReflectiveOperationException {
		assertThat(this.reflection.onMethodInvocation("java.lang.Thread", "ofVirtual")).accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation("java.lang.Thread", "isVirtual")).accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation(
				Class.forName("java.lang.Thread$Builder$OfVirtual").getMethod("name", String.class, long.class)))
			.accepts(this.hints);
		assertThat(this.reflection.onMethodInvocation("java.lang.Thread$Builder", "factory")).accepts(this.hints);
	}

	@Test
	void theFieldsUpdatedThroughVarHandlesCanBeReached() throws ClassNotFoundException {
		assertThat(this.reflection.onFieldAccess(WorkerRequest.class, "state")).accepts(this.hints);
		assertThat(this.reflection.onFieldAccess(WorkerRequest.class, "status")).accepts(this.hints);
		assertThat(this.reflection.onFieldAccess(WorkerRequest.class, "thread")).accepts(this.hints);
		assertThat(this.reflection.onFieldAccess(
				Class.forName("io.workermodel.worker.boot.netty.AbortableRequest$Subscriber"), "state"))
			.accepts(this.hints);
	}

}
