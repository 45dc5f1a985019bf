package io.workermodel.worker.boot.webflux;

import io.workermodel.worker.boot.UnavailableProblem;
import io.workermodel.worker.boot.RequestAdmission;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** The answers the worker model gives a WebFlux request in place of the application's, on loops or on threads. */
public final class WorkerResponses {

	/** Where the worker model's filters run: first, after only the HTTP conformance check. */
	public static final int WORKER_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	private WorkerResponses() {
	}

	/**
	 * Every worker is at capacity: come back once the waiting work has drained, on another
	 * connection; a problem detail for a client that reads JSON.
	 */
	public static Mono<Void> overloaded(ServerHttpRequest request, ServerHttpResponse response,
			RequestAdmission admission) {
		if (!unavailable(response)) {
			return Mono.empty();
		}
		String retryAfter = admission.retryAfter();
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
		return answer(request, response, UnavailableProblem.overloaded(retryAfter));
	}

	/**
	 * The request ran past the timeout and was aborted; a problem detail for a client that reads
	 * JSON. Once its response has started, only closing the connection can tell the client it is
	 * cut short.
	 */
	public static Mono<Void> timedOut(ServerHttpRequest request, ServerHttpResponse response) {
		if (!unavailable(response)) {
			return Mono.error(new IllegalStateException("Request aborted after its response was committed"));
		}
		return answer(request, response, UnavailableProblem.timedOut());
	}

	/** Completes a 503 with the problem detail, for a client that reads JSON, or with no body. */
	private static Mono<Void> answer(ServerHttpRequest request, ServerHttpResponse response, byte[] problem) {
		if (UnavailableProblem.acceptedBy(request.getHeaders().getFirst(HttpHeaders.ACCEPT))) {
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, UnavailableProblem.MEDIA_TYPE);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(problem)));
		}
		return response.setComplete();
	}

	/** The status a finished exchange answered with, as the worker model counts it. */
	public static int statusOf(ServerHttpResponse response, SignalType signal) {
		if (signal == SignalType.ON_ERROR) {
			// Left to the error handlers beyond the filters, which answer it with a server error.
			return HttpStatus.INTERNAL_SERVER_ERROR.value();
		}
		HttpStatusCode status = response.getStatusCode();
		return (status != null) ? status.value() : HttpStatus.OK.value();
	}

	private static boolean unavailable(ServerHttpResponse response) {
		if (response.isCommitted()) {
			return false;
		}
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		// Overloaded or timed out: ask the client not to keep this connection busy too.
		response.getHeaders().set(HttpHeaders.CONNECTION, "close");
		return true;
	}

}
