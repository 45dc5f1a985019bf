package io.workermodel.sample;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/**
 * A WebSocket at {@code /ws/echo} that sends each text message back, on WebFlux. Upgraded by
 * Reactor Netty's strategy, named here: built with -Pjetty, Jetty's WebSocket classes are on the
 * classpath too, and WebFlux would otherwise pick Jetty's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveEchoWebSocket implements WebFluxConfigurer {

	@Override
	public WebSocketService getWebSocketService() {
		return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy());
	}

	@Bean
	HandlerMapping echoWebSocketMapping() {
		WebSocketHandler echo = (session) -> session
			.send(session.receive().map((message) -> session.textMessage(message.getPayloadAsText())));
		return new SimpleUrlHandlerMapping(Map.of("/ws/echo", echo), Ordered.HIGHEST_PRECEDENCE);
	}

}
