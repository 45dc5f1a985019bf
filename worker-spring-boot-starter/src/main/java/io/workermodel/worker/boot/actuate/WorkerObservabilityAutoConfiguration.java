package io.workermodel.worker.boot.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.WorkerProperties;
import io.workermodel.worker.boot.tomcat.TomcatWorkerAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The workers' meters and health contributor, where the application has Micrometer or Actuator's health. */
@AutoConfiguration(after = { TomcatWorkerAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnBean(Arbiter.class)
public final class WorkerObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class Meters {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		WorkerMeters workerMeters(MeterRegistry registry, ObjectProvider<Arbiter> arbiter, WorkerProperties properties,
				Environment environment) {
			return new WorkerMeters(registry, arbiter, properties.toSettings(environment).workerClass().id());
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
