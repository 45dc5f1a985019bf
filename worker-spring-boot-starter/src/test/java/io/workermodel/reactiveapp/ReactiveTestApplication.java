package io.workermodel.reactiveapp;

import java.time.Duration;
import java.util.Locale;

import io.workermodel.testapp.TestApplication.Probe;
import io.workermodel.testapp.TestApplication.Recorder;
import io.workermodel.worker.WorkerListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application whose handlers wait without a thread, block their loop, block a thread
 * Spring knows to be blocking, or hold until the test releases them.
 */
@SpringBootApplication
public class ReactiveTestApplication {

	/** What a test passes to run this application on Reactor Netty, Tomcat being on the classpath too. */
	public static final String[] REACTIVE = { "spring.main.web-application-type=reactive",
			"spring.autoconfigure.exclude="
					+ "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
					+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" };

	@Bean
	Probe probe() {
		return new Probe();
	}

	@Bean
	WorkerListener recordingListener(Probe probe) {
		return new Recorder(probe);
	}

	@RestController
	static class Handlers {

		private final Probe probe;

		Handlers(Probe probe) {
			this.probe = probe;
		}

		@GetMapping("/thread")
		Mono<String> thread() {
			return Mono.fromSupplier(() -> Thread.currentThread().getName());
		}

		@GetMapping("/io")
		Mono<String> io(@RequestParam long ms) {
			return Mono.delay(Duration.ofMillis(ms)).thenReturn("waited " + ms);
		}

		/** Holds its loop, as a blocking call in a reactive handler does. */
		@GetMapping("/block")
		Mono<String> block(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return Mono.just("blocked " + ms);
		}

		/** Blocking as Spring sees it: it returns a plain value. */
		@GetMapping("/sleep")
		String sleep(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return Thread.currentThread().getName();
		}

		/** Waits, holding no loop, until the test releases it. */
		@GetMapping("/hold")
		Mono<String> hold() {
			return Mono.fromCallable(() -> {
				this.probe.running.incrementAndGet();
				this.probe.release.await();
				return "released";
			}).subscribeOn(Schedulers.boundedElastic());
		}

		/** Blocking, and bound to the request body: Spring invokes it once the body has arrived. */
		@PostMapping("/upper")
		String upper(@RequestBody String body) {
			return body.toUpperCase(Locale.ROOT);
		}

		@PostMapping("/echo")
		Mono<byte[]> echo(@RequestBody(required = false) Mono<byte[]> body) {
			return body.defaultIfEmpty(new byte[0]);
		}

		@GetMapping("/hang")
		Mono<String> hang() {
			return Mono.never();
		}

		@GetMapping("/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("boom"));
		}

		/** {@code n} server-sent events, {@code ms} apart. */
		@GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<String> sse(@RequestParam int n, @RequestParam long ms) {
			return Flux.interval(Duration.ofMillis(ms)).take(n).map((i) -> "event " + i);
		}

	}

}
