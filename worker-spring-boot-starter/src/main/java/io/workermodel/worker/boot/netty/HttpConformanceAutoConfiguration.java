package io.workermodel.worker.boot.netty;

import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Holds a WebFlux application on Reactor Netty to what Tomcat accepts, whichever worker class
 * runs it: on the event loops or on threads.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(HttpServer.class)
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
public final class HttpConformanceAutoConfiguration {

	@Bean
	HttpConformanceFilter workerHttpConformanceFilter() {
		return new HttpConformanceFilter();
	}

}
