package io.workermodel.worker.boot.actuate;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.WorkerAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Exposes the arbiter through Actuator's {@code workers} endpoint. */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(Arbiter.class)
@ConditionalOnAvailableEndpoint(WorkersEndpoint.class)
public final class WorkersEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkersEndpoint workersEndpoint(Arbiter arbiter) {
		return new WorkersEndpoint(arbiter);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	WorkersEndpointWebExtension workersEndpointWebExtension(WorkersEndpoint endpoint) {
		return new WorkersEndpointWebExtension(endpoint);
	}

}
