package io.workermodel.worker.boot.netty;

import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Holds a WebFlux application on Reactor Netty to what Tomcat accepts, whichever worker class runs it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HttpServer.class)
public class HttpConformanceConfiguration {

	@Bean
	HttpConformanceFilter workerHttpConformanceFilter() {
		return new HttpConformanceFilter();
	}

}
