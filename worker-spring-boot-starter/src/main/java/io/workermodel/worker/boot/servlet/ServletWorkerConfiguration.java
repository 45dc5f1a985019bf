package io.workermodel.worker.boot.servlet;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.WorkerServer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every servlet container's integration shares: the filter that admits each request and
 * records it on its worker, and the workers as Spring MVC's asynchronous executor. The container's
 * integration defines its {@link WorkerServer} and {@link ConnectionTerminator}.
 */
@Configuration(proxyBeanMethods = false)
public class ServletWorkerConfiguration {

	@Bean
	FilterRegistrationBean<WorkerRequestFilter> workerRequestFilter(RequestAdmission admission, WorkerServer server,
			ConnectionTerminator workerConnectionTerminator) {
		// A server with no intake lane reads every request on its own threads: each is handed over.
		FilterRegistrationBean<WorkerRequestFilter> registration = new FilterRegistrationBean<>(
				new WorkerRequestFilter(admission, workerConnectionTerminator, server.intake() == null));
		// First in the chain: a refused request must not reach any other filter, and a request's time
		// on its worker includes every filter's.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class AsyncWorkConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebMvcConfigurer workerAsyncSupport(Arbiter arbiter) {
			// Last, so that the workers replace the executor Spring Boot sets from its task execution.
			return new WebMvcConfigurer() {
				@Override
				public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
					configurer.setTaskExecutor(new AsyncWorkExecutor(arbiter.dispatcher()));
				}
			};
		}

	}

}
