package io.workermodel.worker.boot.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.workermodel.worker.Arbiter;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.boot.WorkerAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The workers' meters and health contributor, where the application has Micrometer or Actuator's health. */
@AutoConfiguration(after = { WorkerAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnBean(Arbiter.class)
public final class WorkerObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Meters {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		WorkerMeters workerMeters(MeterRegistry registry, ObjectProvider<Arbiter> arbiter, WorkerSettings settings) {
			return new WorkerMeters(registry, arbiter, settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AbstractHealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("workers")
	static class HealthContributor {

		@Bean
		WorkersHealthIndicator workersHealthIndicator(Arbiter arbiter) {
			return new WorkersHealthIndicator(arbiter);
		}

	}

}
