package io.workermodel.worker.boot.jetty;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.WorkerAutoConfiguration;
import io.workermodel.worker.boot.WorkerServer;
import io.workermodel.worker.boot.servlet.ConnectionTerminator;
import io.workermodel.worker.boot.servlet.ServletWorkerConfiguration;
import org.eclipse.jetty.server.Server;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs a servlet application's requests on Jetty on the worker class chosen with
 * {@code worker.class}: Jetty reads each request on its own threads, and the request filter hands
 * it to a worker, where it runs, is counted and is watched, as on Tomcat.
 */
@AutoConfiguration(before = WorkerAutoConfiguration.class, after = JettyServletWebServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Server.class, JettyServletWebServerFactory.class, FilterRegistrationBean.class })
@ConditionalOnBean(JettyServletWebServerFactory.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@Import(ServletWorkerConfiguration.class)
public final class JettyWorkerAutoConfiguration {

	/** Jetty hands over nothing: it reads every request on its own threads, and each is handed over. */
	@Bean
	WorkerServer workerServer() {
		return WorkerServer.onThreads("a servlet application on Jetty");
	}

	@Bean
	JettyWorkerCustomizer jettyWorkerCustomizer(Arbiter arbiter) {
		return new JettyWorkerCustomizer(arbiter.settings().backlog(), arbiter.requestThreads().executor("jetty-"));
	}

	@Bean
	ConnectionTerminator workerConnectionTerminator() {
		return new JettyConnectionTerminator();
	}

}
