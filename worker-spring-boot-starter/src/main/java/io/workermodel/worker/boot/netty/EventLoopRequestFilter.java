package io.workermodel.worker.boot.netty;

import io.workermodel.worker.EventLoopWorker;
import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerRequest;
import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.RequestPaths;
import io.workermodel.worker.boot.webflux.WorkerResponses;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Opens each request on the {@code reactive} worker whose loop it arrived on, answers with a fast
 * 503 one the worker does not admit (at its {@code connections} in flight) or one that waited past
 * {@code max-queue-time} in front of the server, lets the never-shed lane's requests by uncounted, closes each with its
 * status, and answers a request the watchdog aborted with a 503.
 */
public class EventLoopRequestFilter implements WebFilter, Ordered {

	private final RequestAdmission admission;

	public EventLoopRequestFilter(RequestAdmission admission) {
		this.admission = admission;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!(Worker.current() instanceof EventLoopWorker worker)) {
			// Not on a worker's loop: not the workers' to count.
			return chain.filter(exchange);
		}
		long waitedBefore = this.admission.decide(request.getPath().pathWithinApplication().value(),
				request.getHeaders(), HttpHeaders::getFirst);
		if (waitedBefore == RequestAdmission.PRIORITY) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		if (waitedBefore == RequestAdmission.EXPIRED) {
			return WorkerResponses.overloaded(request, response, this.admission);
		}
		ProgressReportingResponse reporting = new ProgressReportingResponse(response);
		AbortableRequest handling = new AbortableRequest(chain, reporting.exchangeOf(exchange), worker.loop());
		WorkerRequest opened = worker.open(request.getMethod().name(),
				RequestPaths.withoutParameters(request.getPath().value()), handling::abort);
		opened.waitedBefore(waitedBefore);
		reporting.reportTo(opened);
		if (!opened.admit()) {
			return WorkerResponses.overloaded(request, response, this.admission);
		}
		if ("websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
			// The handshake is the request; the WebSocket after it is its connection's, untimed.
			response.beforeCommit(() -> Mono.fromRunnable(() -> upgraded(request, response, worker, opened)));
		}
		return handling.whenEnded((signal) -> opened.close(WorkerResponses.statusOf(response, signal)));
	}

	/** The handshake is answered: unless it was refused, the connection carries a WebSocket from now on. */
	private static void upgraded(ServerHttpRequest request, ServerHttpResponse response, EventLoopWorker worker,
			WorkerRequest handshake) {
		HttpStatusCode status = response.getStatusCode();
		if (status == null || !status.isError()) {
			WebSocketConnections.upgraded(request, worker);
			handshake.close(HttpStatus.SWITCHING_PROTOCOLS.value());
		}
	}

	@Override
	public int getOrder() {
		// First but for the conformance check: a request refused for overload must not reach any
		// other filter, and a request's time on its worker includes every filter's.
		return WorkerResponses.WORKER_FILTER_ORDER;
	}

}
