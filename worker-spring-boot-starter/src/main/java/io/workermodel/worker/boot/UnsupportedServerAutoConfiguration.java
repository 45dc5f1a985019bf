package io.workermodel.worker.boot;

import io.workermodel.worker.Arbiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Says so at start-up when the worker model could not take over the application's server (WebFlux
 * on a server other than Reactor Netty with the reactive class, or a servlet container other than
 * Tomcat and Jetty), rather than leaving {@code worker.*} to be silently ignored. Decided by
 * whether the arbiter was installed, so that any server the integrations do not cover is reported.
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnWebApplication
@ConditionalOnMissingBean(Arbiter.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
public final class UnsupportedServerAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(UnsupportedServerAutoConfiguration.class);

	@Bean
	static SmartInitializingSingleton unsupportedServerWarning() {
		return () -> logger.warn("The worker model runs servlet applications on Tomcat or Jetty and WebFlux "
				+ "applications on Reactor Netty: this application's requests run on its server's own threads and "
				+ "worker.* has no effect. Set worker.enabled=false to silence this warning.");
	}

}
