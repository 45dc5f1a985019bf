package io.workermodel.worker.boot.tomcat;

import io.workermodel.worker.Dispatcher;

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

	/**
	 * @param dispatcher what Tomcat hands its work to
	 */
	public TomcatWorkerCustomizer(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addProtocolHandlerCustomizers((handler) -> handler.setExecutor(new TomcatWorkerExecutor(this.dispatcher)));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
