package io.workermodel.worker.boot.tomcat;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.boot.WorkerAutoConfiguration;
import io.workermodel.worker.boot.WorkerServer;
import io.workermodel.worker.boot.servlet.ConnectionTerminator;
import io.workermodel.worker.boot.servlet.IntakeLane;
import io.workermodel.worker.boot.servlet.ServletWorkerConfiguration;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Runs a servlet application's requests on Tomcat on the worker class chosen with
 * {@code worker.class}: installs the dispatcher as Tomcat's executor and reads on the intake lane
 * the requests that find every worker busy. Applies unless the application serves on another
 * container, such as Jetty, though Tomcat is on the class path.
 */
@AutoConfiguration(before = WorkerAutoConfiguration.class, after = TomcatServletWebServerAutoConfiguration.class,
		afterName = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Tomcat.class, FilterRegistrationBean.class })
@ConditionalOnMissingBean(value = ServletWebServerFactory.class, ignored = TomcatServletWebServerFactory.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@Import(ServletWorkerConfiguration.class)
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
	TomcatWorkerCustomizer tomcatWorkerCustomizer(Arbiter arbiter) {
		return new TomcatWorkerCustomizer(arbiter.dispatcher());
	}

	@Bean
	TomcatCapacityCustomizer tomcatCapacityCustomizer(Arbiter arbiter, Environment environment) {
		WorkerSettings settings = arbiter.settings();
		boolean acceptCountSet = environment.containsProperty("server.tomcat.accept-count");
		boolean processorCacheSet = environment.containsProperty("server.tomcat.processor-cache");
		return new TomcatCapacityCustomizer(acceptCountSet ? 0 : settings.backlog(),
				processorCacheSet ? 0 : settings.workers() * settings.capacity());
	}

	@Bean
	ConnectionTerminator workerConnectionTerminator() {
		return new TomcatConnectionTerminator();
	}

}
