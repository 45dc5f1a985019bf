package io.workermodel.sample;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that load a worker in each of the ways a WebFlux application does. Methods returning
 * a Mono run on the event loop; the one returning a plain value is what Spring calls blocking, and
 * runs on the workers when worker.class is sync, gthread or virtual.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveLoadController {

	/** The smallest useful response. */
	@GetMapping("/hello")
	Mono<String> hello() {
		return Mono.just("hello\n");
	}

	/** {@code n} server-sent events, 500 ms apart, holding no thread in between. */
	@GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<String> sse(@RequestParam(defaultValue = "10") int n) {
		return Flux.interval(Duration.ofMillis(500)).take(n).map((i) -> "event " + i);
	}

	/** Waits {@code ms} milliseconds without holding a thread, as a non-blocking call does. */
	@GetMapping("/io")
	Mono<String> io(@RequestParam(defaultValue = "50") long ms) {
		return Mono.delay(Duration.ofMillis(ms)).thenReturn("waited " + ms + " ms\n");
	}

	/**
	 * Keeps the loop's CPU busy with {@code ms} milliseconds' worth of fixed work ({@link CpuWork}),
	 * as request parsing or rendering does.
	 */
	@GetMapping("/cpu")
	Mono<String> cpu(@RequestParam(defaultValue = "5") long ms) {
		return Mono.fromSupplier(() -> CpuWork.work(ms));
	}

	/**
	 * Blocks the event loop for {@code ms} milliseconds, as a blocking call made by mistake in a
	 * reactive handler does: every connection of that loop waits, and the worker reports it.
	 */
	@GetMapping("/block")
	Mono<String> block(@RequestParam(defaultValue = "500") long ms) throws InterruptedException {
		Thread.sleep(ms);
		return Mono.just("blocked the loop for " + ms + " ms\n");
	}

	/** Blocks its thread for {@code ms} milliseconds, declared as blocking: a worker's thread, not a loop. */
	@GetMapping("/sleep")
	String sleep(@RequestParam(defaultValue = "50") long ms) throws InterruptedException {
		Thread.sleep(ms);
		return "slept " + ms + " ms\n";
	}

	/** Never answers, as a call to a dead peer without a timeout does. */
	@GetMapping("/hang")
	Mono<String> hang() {
		return Mono.never();
	}

	/** Fails, as a bug does. */
	@GetMapping("/boom")
	Mono<String> boom() {
		return Mono.error(new IllegalStateException("boom"));
	}

}
