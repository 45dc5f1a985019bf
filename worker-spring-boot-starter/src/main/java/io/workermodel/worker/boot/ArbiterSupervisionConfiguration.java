package io.workermodel.worker.boot;

import io.workermodel.worker.Arbiter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every server integration adds to its arbiter: retiring the workers with the application,
 * and the opt-in Unix signals.
 */
@Configuration(proxyBeanMethods = false)
public class ArbiterSupervisionConfiguration {

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
