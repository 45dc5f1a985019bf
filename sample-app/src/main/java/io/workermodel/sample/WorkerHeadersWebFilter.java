package io.workermodel.sample;

import io.workermodel.worker.Worker;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Tells each client which worker's event loop took its request. */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class WorkerHeadersWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Worker worker = Worker.current();
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set("X-Worker", (worker != null) ? String.valueOf(worker.id()) : "none");
		headers.set("X-Thread", Thread.currentThread().getName());
		return chain.filter(exchange);
	}

}
