package io.workermodel.testapp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.workermodel.worker.ExitReason;
import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerListener;
import io.workermodel.worker.WorkerRequest;
import io.workermodel.worker.WorkerSnapshot;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** An application whose handlers let a test hold requests on their workers and watch them. */
@SpringBootApplication
public class TestApplication {

	@Bean
	Probe probe() {
		return new Probe();
	}

	@Bean
	WorkerListener recordingListener(Probe probe) {
		return new Recorder(probe);
	}

	/** Writes what it hears into the probe's events. */
	public record Recorder(Probe probe) implements WorkerListener {

		@Override
		public void workerExited(WorkerSnapshot worker, ExitReason reason) {
			this.probe.events.add("exited " + worker.id() + " " + reason);
		}

		@Override
		public void beforeRequest(WorkerRequest request) {
			this.probe.events.add("before " + request + " on " + request.worker().id());
		}

		@Override
		public void afterRequest(WorkerRequest request) {
			this.probe.events.add("after " + request + (request.failed() ? " failed" : ""));
		}

	}

	/** What the handlers saw, and the latch that holds {@code /block} requests. */
	public static class Probe {

		public final CountDownLatch release = new CountDownLatch(1);

		public final AtomicInteger running = new AtomicInteger();

		public final AtomicInteger maxRunning = new AtomicInteger();

		public final AtomicReference<DeferredResult<String>> deferred = new AtomicReference<>();

		public final List<String> events = new CopyOnWriteArrayList<>();

		/** Whether each piece of asynchronous work ran on a worker's thread. */
		public final List<Boolean> asyncOnWorker = new CopyOnWriteArrayList<>();

	}

	@RestController
	static class Handlers {

		private final Probe probe;

		Handlers(Probe probe) {
			this.probe = probe;
		}

		@GetMapping("/thread")
		String thread() {
			Thread thread = Thread.currentThread();
			return (thread.isVirtual() ? "virtual " : "platform ") + thread.getName();
		}

		@GetMapping("/block")
		String block() throws InterruptedException {
			int now = this.probe.running.incrementAndGet();
			this.probe.maxRunning.accumulateAndGet(now, Math::max);
			try {
				this.probe.release.await();
				return thread();
			}
			finally {
				this.probe.running.decrementAndGet();
			}
		}

		@GetMapping("/io")
		String io(@RequestParam long ms) throws InterruptedException {
			Thread.sleep(ms);
			return "slept " + ms;
		}

		@GetMapping("/hang")
		String hang() throws InterruptedException {
			Thread.sleep(Long.MAX_VALUE);
			return "woke up";
		}

		/** Holds its thread until released, ignoring interruption, as code that swallows it does. */
		@GetMapping("/stubborn")
		String stubborn() {
			boolean interrupted = false;
			while (this.probe.release.getCount() > 0) {
				try {
					this.probe.release.await();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			return interrupted ? "interrupted" : "released";
		}

		@PostMapping("/echo")
		byte[] echo(@RequestBody(required = false) byte[] body) {
			return (body != null) ? body : new byte[0];
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		/** {@code n} lines, {@code ms} apart, written by Spring MVC's asynchronous executor. */
		@GetMapping("/stream")
		StreamingResponseBody stream(@RequestParam int n, @RequestParam long ms) {
			return (out) -> {
				this.probe.asyncOnWorker.add(Worker.current() != null);
				for (int line = 0; line < n; line++) {
					out.write(("line " + line + "\n").getBytes(StandardCharsets.US_ASCII));
					out.flush();
					try {
						Thread.sleep(ms);
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
				}
			};
		}

		/** An answer computed by Spring MVC's asynchronous executor, until {@link Probe#release}. */
		@GetMapping("/callable")
		Callable<String> callable() {
			return () -> {
				this.probe.asyncOnWorker.add(Worker.current() != null);
				this.probe.release.await();
				return "called";
			};
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			this.probe.deferred.set(result);
			return result;
		}

	}

}
