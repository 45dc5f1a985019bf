package io.workermodel.worker.boot.webflux;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.WorkerAutoConfiguration;
import io.workermodel.worker.boot.WorkerServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Runs a WebFlux application's blocking controller methods on the thread-based worker class set
 * in {@code worker.class} (sync, gthread or virtual), through Spring's blocking-execution hook:
 * the same property that picks a servlet application's threads moves a blocking WebFlux
 * application off its event loops. Non-blocking handlers stay on the loops.
 */
@AutoConfiguration(before = WorkerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(WebFluxConfigurer.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@Conditional(WebFluxWorkerAutoConfiguration.OnThreadBasedClass.class)
public final class WebFluxWorkerAutoConfiguration {

	@Bean
	WorkerServer workerServer() {
		return WorkerServer.onThreads("a WebFlux application whose blocking handlers run on workers");
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebFluxConfigurer workerBlockingExecution(Arbiter arbiter) {
		// Last, so that the workers replace the executor Spring Boot sets for virtual threads.
		return new WebFluxConfigurer() {
			@Override
			public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
				configurer.setExecutor(new WorkerTaskExecutor(arbiter.dispatcher()));
			}
		};
	}

	@Bean
	BlockingRequestFilter workerRequestFilter(RequestAdmission admission) {
		return new BlockingRequestFilter(admission);
	}

	/** worker.class is set, and not to reactive. */
	static final class OnThreadBasedClass extends NoneNestedConditions {

		OnThreadBasedClass() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "worker.class", havingValue = "reactive", matchIfMissing = true)
		static final class ReactiveOrUnset {

		}

	}

}
