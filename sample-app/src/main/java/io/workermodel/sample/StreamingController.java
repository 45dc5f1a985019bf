package io.workermodel.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Long-lived requests of each kind Spring MVC has: a server-sent event stream and a deferred
 * answer, which hold no thread while they wait, and a streamed body, whose writing does. Each
 * waits 500 ms between parts.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class StreamingController implements AutoCloseable {

	private static final long PART_MS = 500;

	/** Sends the events and completes the deferred answers, as a message broker or a job would. */
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	/** {@code n} events, 500 ms apart. */
	@GetMapping("/sse")
	SseEmitter sse(@RequestParam(defaultValue = "10") int n) {
		SseEmitter emitter = new SseEmitter(0L);
		AtomicInteger sent = new AtomicInteger();
		this.timer.schedule(new Runnable() {
			@Override
			public void run() {
				try {
					emitter.send("event " + sent.get());
					if (sent.incrementAndGet() < n) {
						StreamingController.this.timer.schedule(this, PART_MS, TimeUnit.MILLISECONDS);
					}
					else {
						emitter.complete();
					}
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}
		}, PART_MS, TimeUnit.MILLISECONDS);
		return emitter;
	}

	/** An answer completed {@code ms} milliseconds later by another thread. */
	@GetMapping("/deferred")
	DeferredResult<String> deferred(@RequestParam(defaultValue = "5000") long ms) {
		DeferredResult<String> result = new DeferredResult<>(0L);
		this.timer.schedule(() -> result.setResult("deferred " + ms + " ms\n"), ms, TimeUnit.MILLISECONDS);
		return result;
	}

	/** {@code n} lines written 500 ms apart by the thread Spring MVC streams the body on. */
	@GetMapping("/stream")
	StreamingResponseBody stream(@RequestParam(defaultValue = "10") int n) {
		return (out) -> {
			for (int line = 0; line < n; line++) {
				out.write(("line " + line + "\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				try {
					Thread.sleep(PART_MS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		};
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
