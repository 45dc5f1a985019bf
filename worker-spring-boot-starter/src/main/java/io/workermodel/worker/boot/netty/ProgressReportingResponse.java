package io.workermodel.worker.boot.netty;

import io.workermodel.worker.WorkerRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * The response of a request on an event loop, which tells the request each time it sends a part
 * of a streamed body (an SSE event, a line of a stream), so that the watchdog times a stream by its
 * silence rather than by its length. A body of one part is passed on as it is.
 */
final class ProgressReportingResponse extends ServerHttpResponseDecorator {

	private volatile WorkerRequest request;

	ProgressReportingResponse(ServerHttpResponse delegate) {
		super(delegate);
	}

	/**
	 * The exchange with this as its response: one decorator, lighter on every request than the
	 * builder of {@code exchange.mutate()}.
	 */
	ServerWebExchange exchangeOf(ServerWebExchange exchange) {
		return new ServerWebExchangeDecorator(exchange) {
			@Override
			public ServerHttpResponse getResponse() {
				return ProgressReportingResponse.this;
			}
		};
	}

	/** The request to tell; set once it is opened, before its handling starts. */
	void reportTo(WorkerRequest request) {
		this.request = request;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return (body instanceof Mono) ? super.writeWith(body) : super.writeWith(Flux.from(body).doOnNext(this::sent));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(Flux.from(body).doOnNext(this::sent));
	}

	private void sent(Object part) {
		WorkerRequest current = this.request;
		if (current != null) {
			current.progressed();
		}
	}

}
