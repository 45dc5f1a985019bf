package io.workermodel.worker.boot.tomcat;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.WorkerAutoConfiguration;
import io.workermodel.worker.boot.WorkerServer;
import io.workermodel.worker.boot.servlet.AsyncWorkExecutor;
import io.workermodel.worker.boot.servlet.IntakeLane;
import io.workermodel.worker.boot.servlet.WorkerRequestFilter;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Runs a servlet application's requests on Tomcat on the worker class chosen with
 * {@code worker.class}: installs the dispatcher as Tomcat's executor, reads on the intake lane the
 * requests that find every worker busy, answers those refused with a 503, records each request
 * on its worker and runs Spring MVC's asynchronous work on the workers too.
 */
@AutoConfiguration(before = WorkerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Tomcat.class, FilterRegistrationBean.class })
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
public final class TomcatWorkerAutoConfiguration {

	/**
	 * Tomcat hands over socket events, whose request is not read yet: those that find every worker
	 * busy are read on the intake lane, so that the never-shed lane is served at once and the rest
	 * wait, on no platform thread, against the queue-time deadline.
	 */
	@Bean
	WorkerServer workerServer() {
		return WorkerServer.onThreads("a servlet application on Tomcat", new IntakeLane());
	}

	@Bean
	TomcatWorkerCustomizer tomcatWorkerCustomizer(Arbiter arbiter, Environment environment) {
		WorkerSettings settings = arbiter.settings();
		boolean acceptCountSet = environment.containsProperty("server.tomcat.accept-count");
		boolean processorCacheSet = environment.containsProperty("server.tomcat.processor-cache");
		return new TomcatWorkerCustomizer(arbiter.dispatcher(), acceptCountSet ? 0 : settings.backlog(),
				processorCacheSet ? 0 : settings.workers() * settings.capacity());
	}

	@Bean
	FilterRegistrationBean<WorkerRequestFilter> workerRequestFilter(RequestAdmission admission) {
		FilterRegistrationBean<WorkerRequestFilter> registration = new FilterRegistrationBean<>(
				new WorkerRequestFilter(admission, new TomcatConnectionTerminator()));
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
