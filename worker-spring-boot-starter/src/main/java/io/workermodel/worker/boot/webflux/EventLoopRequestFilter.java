package io.workermodel.worker.boot.webflux;

import io.workermodel.worker.EventLoopWorker;
import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerRequest;
import io.workermodel.worker.boot.RequestPaths;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Opens each request on the {@code reactive} worker whose loop it arrived on, answers with a fast
 * 503 one the worker does not admit (at its {@code connections} in flight), closes each with its
 * status, and answers a request the watchdog aborted with a 503.
 */
public class EventLoopRequestFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!(Worker.current() instanceof EventLoopWorker worker)) {
			// Not on a worker's loop: nothing of the worker model's to record.
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		AbortableRequest handling = new AbortableRequest(chain, exchange, worker.loop());
		WorkerRequest opened = worker.open(request.getMethod().name(),
				RequestPaths.withoutParameters(request.getPath().value()), handling::abort);
		if (!opened.admit()) {
			return WorkerResponses.overloaded(response);
		}
		return handling.whenEnded((signal) -> opened.close(WorkerResponses.statusOf(response, signal)));
	}

	@Override
	public int getOrder() {
		// First but for the conformance check: a request refused for overload must not reach any
		// other filter, and a request's time on its worker includes every filter's.
		return WorkerResponses.WORKER_FILTER_ORDER;
	}

}
