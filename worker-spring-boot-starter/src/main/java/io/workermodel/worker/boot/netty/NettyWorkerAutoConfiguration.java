package io.workermodel.worker.boot.netty;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.WorkerAutoConfiguration;
import io.workermodel.worker.boot.WorkerServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.server.WebFilter;

/**
 * Runs a WebFlux application on Reactor Netty with the {@code reactive} worker class, its
 * default there: each worker is one of the server's event loops. Spring Boot hands the server
 * the loops of the {@link ReactorResourceFactory} bean after every server customizer has run, so
 * the workers' loops come in through that bean.
 */
@AutoConfiguration(before = { NettyReactiveWebServerAutoConfiguration.class, WorkerAutoConfiguration.class },
		afterName = "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ HttpServer.class, ReactorResourceFactory.class, WebFilter.class })
@ConditionalOnBooleanProperty(name = "worker.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "worker.class", havingValue = "reactive", matchIfMissing = true)
// Jetty, when present, serves WebFlux ahead of Reactor Netty: then there are no loops to be workers.
@ConditionalOnMissingBean(type = "org.springframework.boot.jetty.reactive.JettyReactiveWebServerFactory")
public final class NettyWorkerAutoConfiguration {

	@Bean
	WorkerServer workerServer() {
		return WorkerServer.onEventLoops("a WebFlux application on Reactor Netty", NettyWorkerLoop::new);
	}

	@Bean(destroyMethod = "dispose")
	WorkerLoopResources workerLoopResources(Arbiter arbiter) {
		return new WorkerLoopResources(arbiter.balancer());
	}

	@Bean
	@Primary
	ReactorResourceFactory workerReactorResourceFactory(WorkerLoopResources loops) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(loops);
		return factory;
	}

	@Bean
	EventLoopRequestFilter workerRequestFilter(RequestAdmission admission) {
		return new EventLoopRequestFilter(admission);
	}

}
