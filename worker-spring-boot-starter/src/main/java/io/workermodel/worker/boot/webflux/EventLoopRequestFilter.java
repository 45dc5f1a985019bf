package io.workermodel.worker.boot.webflux;

import java.util.List;

import io.workermodel.worker.EventLoopWorker;
import io.workermodel.worker.InFlightRequest;
import io.workermodel.worker.Worker;
import io.workermodel.worker.boot.RequestObserver;
import io.workermodel.worker.boot.RequestPaths;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records each request on the {@code reactive} worker whose loop it arrived on, bounds the
 * requests in flight per worker with a fast 503, and answers a request the watchdog aborted with
 * a 503.
 */
public class EventLoopRequestFilter implements WebFilter, Ordered {

	private final List<RequestObserver> observers;

	public EventLoopRequestFilter(List<RequestObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!(Worker.current() instanceof EventLoopWorker worker)) {
			// Not on a worker's loop: nothing of the worker model's to record.
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		if (!worker.tryAdmit()) {
			return WorkerResponses.overloaded(response);
		}
		ServerHttpRequest request = exchange.getRequest();
		AbortableRequest handling = new AbortableRequest(chain.filter(exchange), response, worker.loop());
		InFlightRequest inFlight = worker.requestStarted(request.getMethod().name(),
				RequestPaths.withoutParameters(request.getPath().value()), handling::abort);
		return handling.whenEnded((signal) -> finished(worker, inFlight, response, signal));
	}

	@Override
	public int getOrder() {
		// First but for the conformance check: a request refused for overload must not reach any
		// other filter, and a request's time on its worker includes every filter's.
		return WorkerResponses.WORKER_FILTER_ORDER;
	}

	private void finished(EventLoopWorker worker, InFlightRequest request, ServerHttpResponse response,
			SignalType signal) {
		int code = WorkerResponses.statusOf(response, signal);
		for (RequestObserver observer : this.observers) {
			observer.requestFinished(worker, request, code);
		}
		worker.requestFinished(request, code >= HttpStatus.INTERNAL_SERVER_ERROR.value());
		worker.requestEnded();
	}

}
