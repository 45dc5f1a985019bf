package io.workermodel.worker.boot;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.Shedder;
import io.workermodel.worker.WorkerListener;
import io.workermodel.worker.WorkerLoops;
import io.workermodel.worker.WorkerSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The arbiter, built the same way for every server integration from what the integration
 * contributes: its {@link WorkerSettings}, and where it has them, a {@link Shedder} for work no
 * worker can take and the {@link WorkerLoops} that reactive workers are. Also retires the workers
 * with the application, and switches on the opt-in Unix signals.
 */
@Configuration(proxyBeanMethods = false)
public class ArbiterConfiguration {

	@Bean(initMethod = "start")
	@ConditionalOnMissingBean
	Arbiter workerArbiter(WorkerSettings settings, WorkerProperties properties, ObjectProvider<Shedder> shedder,
			ObjectProvider<WorkerLoops> loops, ObjectProvider<WorkerListener> listeners) {
		return new Arbiter(settings, shedder.getIfAvailable(() -> Shedder.REJECT), listeners.orderedStream().toList(),
				properties.requestHooks(), loops.getIfAvailable());
	}

	@Bean
	ArbiterLifecycle workerArbiterLifecycle(Arbiter arbiter) {
		return new ArbiterLifecycle(arbiter);
	}

	@Bean
	@ConditionalOnBooleanProperty("worker.signals.enabled")
	WorkerSignals workerSignals(Arbiter arbiter) {
		return new WorkerSignals(arbiter);
	}

}
