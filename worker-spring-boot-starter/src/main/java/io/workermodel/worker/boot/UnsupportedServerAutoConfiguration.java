package io.workermodel.worker.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Says so at start-up when the application's server is one the worker model cannot run yet (Jetty,
 * or a reactive server until the reactive class lands), rather than leaving {@code worker.*} to be
 * silently ignored.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnMissingClass("org.apache.catalina.startup.Tomcat")
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
public final class UnsupportedServerAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(UnsupportedServerAutoConfiguration.class);

	@Bean
	static SmartInitializingSingleton unsupportedServerWarning() {
		return () -> logger.warn("The worker model runs on Tomcat only for now: this application's server is not "
				+ "Tomcat, so its requests run on the server's own threads and worker.* has no effect. "
				+ "Set worker.enabled=false to silence this warning.");
	}

}
