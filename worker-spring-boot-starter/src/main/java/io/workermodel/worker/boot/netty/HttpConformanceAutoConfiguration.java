package io.workermodel.worker.boot.netty;

import io.workermodel.worker.boot.WorkerServer;
import io.workermodel.worker.boot.webflux.WebFluxWorkerAutoConfiguration;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Holds a WebFlux application on Reactor Netty to what Tomcat accepts, whichever worker class
 * runs it: on the event loops or on threads. Only where a reactive integration runs the workers:
 * an application the starter does not run keeps its server as it is.
 */
@AutoConfiguration(after = { NettyWorkerAutoConfiguration.class, WebFluxWorkerAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(HttpServer.class)
@ConditionalOnBean(WorkerServer.class)
public final class HttpConformanceAutoConfiguration {

	@Bean
	HttpConformanceFilter workerHttpConformanceFilter() {
		return new HttpConformanceFilter();
	}

}
