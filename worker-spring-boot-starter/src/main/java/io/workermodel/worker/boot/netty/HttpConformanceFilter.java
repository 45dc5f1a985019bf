package io.workermodel.worker.boot.netty;

import java.util.List;

import io.netty.handler.codec.http.HttpVersion;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, before any worker runs them, the malformed requests that Reactor Netty's decoder lets
 * through but Tomcat (and RFC 9112) refuse: an HTTP/1 version other than 1.0 and 1.1, an HTTP/1.1
 * request without {@code Host}, a transfer coding other than chunked, and more header fields than
 * {@value #MAX_HEADER_FIELDS}. Each gets its 4xx or 5xx status and {@code Connection: close}, so a
 * server on Netty answers hostile input as one on Tomcat does.
 */
public class HttpConformanceFilter implements WebFilter, Ordered {

	/** Tomcat's {@code maxHeaderCount} and gunicorn's {@code limit_request_fields}. */
	static final int MAX_HEADER_FIELDS = 100;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpStatus refusal = refusal(exchange.getRequest());
		if (refusal == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(refusal);
		response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		return response.setComplete();
	}

	@Override
	public int getOrder() {
		// Ahead of the workers' own filters: a refused request is no worker's.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static HttpStatus refusal(ServerHttpRequest request) {
		if (!(ServerHttpRequestDecorator.getNativeRequest(request) instanceof HttpServerRequest nettyRequest)) {
			return null;
		}
		HttpVersion version = nettyRequest.version();
		if (version.majorVersion() == 2 && version.minorVersion() == 0) {
			// HTTP/2, when the server has it switched on, is framed by its own decoder.
			return null;
		}
		if (version.majorVersion() != 1 || version.minorVersion() > 1) {
			return HttpStatus.HTTP_VERSION_NOT_SUPPORTED;
		}
		HttpHeaders headers = request.getHeaders();
		if (version.minorVersion() == 1 && !headers.containsHeader(HttpHeaders.HOST)) {
			return HttpStatus.BAD_REQUEST;
		}
		if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING) && !isChunkedOnly(headers)) {
			return HttpStatus.NOT_IMPLEMENTED;
		}
		if (nettyRequest.requestHeaders().size() > MAX_HEADER_FIELDS) {
			return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
		}
		return null;
	}

	/** Parsed only when the header is there: most requests have none, and each is checked. */
	private static boolean isChunkedOnly(HttpHeaders headers) {
		List<String> codings = headers.getValuesAsList(HttpHeaders.TRANSFER_ENCODING);
		return codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0));
	}

}
