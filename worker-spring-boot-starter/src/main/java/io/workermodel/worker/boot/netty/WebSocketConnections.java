package io.workermodel.worker.boot.netty;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.workermodel.worker.EventLoopWorker;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * Marks the connections upgraded to WebSockets: long-lived, they do not hold up their worker's
 * retirement, and a retired loop serves them on until they close rather than cutting them.
 */
public final class WebSocketConnections {

	private static final AttributeKey<Boolean> UPGRADED = AttributeKey.valueOf("worker.websocket");

	private WebSocketConnections() {
	}

	/** Notes that the request's connection, on the given worker's loop, now carries a WebSocket. */
	public static void upgraded(ServerHttpRequest request, EventLoopWorker worker) {
		if (ServerHttpRequestDecorator.getNativeRequest(request) instanceof Connection connection
				&& connection.channel().attr(UPGRADED).setIfAbsent(Boolean.TRUE) == null) {
			worker.connectionUpgraded();
		}
	}

	static boolean isUpgraded(Channel channel) {
		return channel.hasAttr(UPGRADED);
	}

}
