package io.workermodel.worker.boot.jetty;

import java.util.concurrent.Executor;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Fits Jetty to the workers. Jetty reads each request on its own thread pool, whose threads also
 * accept connections and select on them; the request filter then hands the request to a worker and
 * that thread waits for it. So Jetty's pool keeps its acceptors and selectors, apart from the
 * workers' capacity, and (where the JVM has virtual threads) runs the reading and the waiting on
 * the arbiter's request threads, as Jetty's own virtual-thread mode does with virtual threads: a
 * request waiting for a worker holds no platform thread once the application's classes are loaded,
 * and Jetty's pool never bounds how many may wait, which {@code worker.backlog} and
 * {@code worker.max-queue-time} do. Its listen backlog is raised to {@code worker.backlog}.
 */
public class JettyWorkerCustomizer implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory>, Ordered {

	private final int acceptQueueSize;

	private final Executor requestThreads;

	/**
	 * @param acceptQueueSize the listen backlog Jetty should have at least
	 * @param requestThreads starts the threads that read requests and wait for workers: virtual
	 * ones once the application's classes are loaded, platform ones while they load
	 */
	public JettyWorkerCustomizer(int acceptQueueSize, Executor requestThreads) {
		this.acceptQueueSize = acceptQueueSize;
		this.requestThreads = requestThreads;
	}

	@Override
	public void customize(ConfigurableJettyWebServerFactory factory) {
		factory.addServerCustomizers((server) -> {
			if (server.getThreadPool() instanceof QueuedThreadPool pool && pool.getVirtualThreadsExecutor() == null
					&& VirtualThreads.areSupported()) {
				pool.setVirtualThreadsExecutor(this.requestThreads);
			}
			for (Connector connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector) {
					serverConnector.setAcceptQueueSize(Math.max(serverConnector.getAcceptQueueSize(), this.acceptQueueSize));
				}
			}
		});
	}

	@Override
	public int getOrder() {
		// After Spring Boot's own customizers, which set the thread pool from server.jetty.threads.*.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
