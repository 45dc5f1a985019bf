package io.workermodel.worker.boot.servlet;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring MVC's asynchronous requests on the workers: each counted once, shown waiting while it
 * holds no thread, its {@code Callable} and streamed body run on the workers, and a stream timed
 * by what it writes rather than cut by {@code worker.timeout}.
 */
class ServletAsyncRequestsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void aStreamedBodyRunsOnAWorkerAndOutlivesTheTimeoutWhileItWrites() {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=2", "worker.timeout=2s")) {
			// Ten lines 300 ms apart: 3 s in all, longer than the timeout, never silent for as long.
			HttpResponse<Stream<String>> stream = app.getLines("/stream?n=10&ms=300");
			Iterator<String> lines = stream.body().iterator();
			assertThat(lines.next()).isEqualTo("line 0");

			// The stream holds one of the two workers; the other serves at once beside it.
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);

			int count = 1;
			while (lines.hasNext()) {
				assertThat(lines.next()).isEqualTo("line " + count++);
			}
			assertThat(count).isEqualTo(10);
			assertThat(app.probe().asyncOnWorker).containsExactly(true);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 2);
			ArbiterSnapshot snapshot = app.arbiter().snapshot();
			assertThat(snapshot.timeouts()).isZero();
			assertThat(snapshot.errors()).isZero();
			assertThat(snapshot.workers()).extracting(WorkerSnapshot::generation).containsOnly(1);
		}
	}

	@Test
	void aCallableHoldsAWorkerWhileItRunsAndADeferredResultWaitsOnNone() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=1")) {
			CompletableFuture<HttpResponse<String>> deferred = app.getAsync("/deferred");
			await().atMost(PATIENCE).until(() -> app.probe().deferred.get() != null);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().waiting() == 1);

			CompletableFuture<HttpResponse<String>> callable = app.getAsync("/callable");
			await().atMost(PATIENCE).until(() -> app.probe().asyncOnWorker.size() == 1);
			ArbiterSnapshot running = app.arbiter().snapshot();
			assertThat(running.active()).isEqualTo(2);
			assertThat(running.waiting()).isEqualTo(1);
			assertThat(app.probe().asyncOnWorker).containsExactly(true);

			app.probe().release.countDown();
			app.probe().deferred.get().setResult("done");
			assertThat(List.of(callable.join().body(), deferred.join().body())).containsExactly("called", "done");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 2);
			assertThat(app.arbiter().snapshot().active()).isZero();
		}
	}

	@Test
	void anAsynchronousRequestOutlivesAReloadAndIsCountedOnceWhenItEnds() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=1")) {
			CompletableFuture<HttpResponse<String>> deferred = app.getAsync("/deferred");
			await().atMost(PATIENCE).until(() -> app.probe().deferred.get() != null);

			// It holds no thread of its worker, which retires at once rather than at the graceful timeout.
			app.arbiter().reload();
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().retiring().isEmpty());

			app.probe().deferred.get().setResult("done");
			assertThat(deferred.join().body()).isEqualTo("done");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 1);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 2);
		}
	}

}
