package io.workermodel.worker.boot.tomcat;

import io.workermodel.worker.Dispatcher;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.TomcatVirtualThreadsWebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Installs the arbiter's dispatcher as the executor behind Tomcat's protocol handler, where Tomcat
 * hands each socket's work to a thread. Tomcat's acceptor and poller stay as they are.
 */
public class TomcatWorkerCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	/**
	 * Customizers apply in order and the last executor set wins: run after Spring Boot's own
	 * virtual-thread customizer so that {@code worker.class} takes precedence over
	 * {@code spring.threads.virtual.enabled}.
	 */
	static final int ORDER = new TomcatVirtualThreadsWebServerFactoryCustomizer().getOrder() + 1;

	private final Dispatcher dispatcher;

	private final int acceptCount;

	private final int processorCache;

	/**
	 * @param dispatcher what Tomcat hands its work to
	 * @param acceptCount the listen backlog Tomcat should have at least, or 0 to leave it alone
	 * @param processorCache the request processors Tomcat should keep for reuse at least, or 0
	 * to leave it alone
	 */
	public TomcatWorkerCustomizer(Dispatcher dispatcher, int acceptCount, int processorCache) {
		this.dispatcher = dispatcher;
		this.acceptCount = acceptCount;
		this.processorCache = processorCache;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addProtocolHandlerCustomizers((handler) -> handler.setExecutor(new TomcatWorkerExecutor(this.dispatcher)));
		// Spring Boot sets its accept count in a connector customizer, which runs after every
		// protocol handler customizer: only a later connector customizer can raise it.
		factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
				protocol.setAcceptCount(Math.max(protocol.getAcceptCount(), this.acceptCount));
				// Tomcat keeps 200 processors for reuse by default: with more requests in flight it
				// builds and drops a processor (buffers, request and response) per request
				// (docs/architecture.md, Decisions).
				if (protocol.getProcessorCache() >= 0) {
					protocol.setProcessorCache(Math.max(protocol.getProcessorCache(), this.processorCache));
				}
			}
		});
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
