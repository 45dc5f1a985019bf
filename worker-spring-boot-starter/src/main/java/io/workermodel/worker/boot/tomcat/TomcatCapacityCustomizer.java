package io.workermodel.worker.boot.tomcat;

import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Sizes Tomcat's connector for what the workers run and hold: a listen backlog at least the
 * workers' backlog, and request processors kept for reuse at least as many as the workers run at
 * once. A size the user set for Tomcat is kept.
 */
public class TomcatCapacityCustomizer implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	private final int acceptCount;

	private final int processorCache;

	/**
	 * @param acceptCount the listen backlog Tomcat should have at least, or 0 to leave it alone
	 * @param processorCache the request processors Tomcat should keep for reuse at least, or 0
	 * to leave it alone
	 */
	public TomcatCapacityCustomizer(int acceptCount, int processorCache) {
		this.acceptCount = acceptCount;
		this.processorCache = processorCache;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
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

}
