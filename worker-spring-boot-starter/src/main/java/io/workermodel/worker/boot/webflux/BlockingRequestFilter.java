package io.workermodel.worker.boot.webflux;

import java.util.concurrent.RejectedExecutionException;

import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.RequestPaths;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * For a WebFlux application on a thread-based worker class: lets the never-shed lane's requests
 * by, answers one that waited past {@code max-queue-time} in front of the server with a 503,
 * tells {@link WorkerTaskExecutor} which request a blocking handler belongs to, answers a handler
 * no worker took in time, or one the watchdog aborted, with a 503, and closes each such request
 * with its status.
 */
public class BlockingRequestFilter implements WebFilter, Ordered {

	private final RequestAdmission admission;

	public BlockingRequestFilter(RequestAdmission admission) {
		this.admission = admission;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long waitedBefore = this.admission.decide(request.getPath().pathWithinApplication().value(),
				request.getHeaders(), HttpHeaders::getFirst);
		if (waitedBefore == RequestAdmission.PRIORITY) {
			return chain.filter(exchange);
		}
		if (waitedBefore == RequestAdmission.EXPIRED) {
			return WorkerResponses.overloaded(request, exchange.getResponse(), this.admission);
		}
		BlockingRequest blocking = new BlockingRequest(request.getMethod().name(),
				RequestPaths.withoutParameters(request.getPath().value()), waitedBefore);
		Mono<Void> handled = chain.filter(hasBody(request) ? withBodyScoped(exchange, blocking) : exchange);
		ServerHttpResponse response = exchange.getResponse();
		Mono<Void> run = Mono.fromDirect((subscriber) -> blocking.within(() -> handled.subscribe(subscriber)));
		return Mono.firstWithSignal(run, blocking.refusal())
			.onErrorResume(RejectedExecutionException.class,
					(ex) -> WorkerResponses.overloaded(request, response, this.admission))
			.onErrorResume((ex) -> blocking.isAborted(), (ex) -> WorkerResponses.timedOut(request, response))
			.doFinally((signal) -> blocking.close(WorkerResponses.statusOf(response, signal)));
	}

	@Override
	public int getOrder() {
		return WorkerResponses.WORKER_FILTER_ORDER;
	}

	private static boolean hasBody(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	/**
	 * The exchange whose body delivers its signals with the request current, so that a handler
	 * bound to the body is known as this request's.
	 */
	private static ServerWebExchange withBodyScoped(ServerWebExchange exchange, BlockingRequest blocking) {
		ServerHttpRequest scoped = new ServerHttpRequestDecorator(exchange.getRequest()) {
			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().transform(blocking.withinSignals());
			}
		};
		return exchange.mutate().request(scoped).build();
	}

}
