package io.workermodel.worker.boot.servlet;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.workermodel.testapp.ClosedLoopClients;
import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each worker class on a real servlet container (Tomcat, or Jetty in the build's second pass): it
 * never runs more requests at once than it promises, the rest wait in the backlog, every request
 * is counted on exactly one worker, and the workers serve about the same share.
 */
class ServletWorkerClassesTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			sync    | 3 | --worker.workers=3                          | platform worker-\\d-thread-1
			gthread | 6 | --worker.workers=2,--worker.threads=3       | platform worker-\\d-thread-\\d
			virtual | 40| --worker.workers=2,--worker.connections=20 | [a-z]+ worker-\\d-[a-z]+-\\d+
			""")
	void aFreshPoolRunsTheClassCapacityAtOnceNeverMoreAndCountsEveryRequestOnce(String workerClass, int capacity,
			String properties, String thread) {
		String[] settings = (properties + ",--worker.class=" + workerClass).replace("--", "").split(",");
		try (RunningApp app = RunningApp.start(settings)) {
			int sent = capacity + capacity / 2 + 1;
			List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, sent)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();

			await().atMost(PATIENCE).until(() -> app.probe().running.get() == capacity);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().backlog() == sent - capacity);
			assertThat(app.arbiter().snapshot().active()).isEqualTo(capacity);
			app.probe().release.countDown();

			assertThat(responses).allSatisfy((response) -> {
				assertThat(response.join().statusCode()).isEqualTo(200);
				assertThat(response.join().body()).matches(thread);
			});
			assertThat(app.probe().maxRunning).hasValue(capacity);
			// The container sends a response once its Content-Length is written, a little before the
			// request's accounting ends.
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == sent);
			ArbiterSnapshot snapshot = app.arbiter().snapshot();
			assertThat(snapshot.active()).isZero();
			assertThat(snapshot.backlog()).isZero();
			assertThat(snapshot.workers()).allSatisfy((worker) -> assertThat(worker.requests()).isPositive());
			assertThat(snapshot.workers().stream().mapToLong(WorkerSnapshot::requests).sum()).isEqualTo(sent);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync", "gthread", "virtual" })
	void spreadsSteadyLoadEvenlyOverTheWorkers(String workerClass) throws InterruptedException {
		// No queue target: for sync, thirty clients are ten times the capacity, and this is about how
		// the work is spread, not about what the backlog refuses on arrival.
		try (RunningApp app = RunningApp.start("worker.class=" + workerClass, "worker.workers=3",
				"worker.queue-target=0")) {
			ClosedLoopClients clients = new ClosedLoopClients(app, 30, "/io?ms=20");
			clients.awaitServed(600);
			assertThat(clients.stop()).isEmpty();

			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().active() == 0);
			ArbiterSnapshot snapshot = app.arbiter().snapshot();
			double mean = (double) snapshot.requests() / snapshot.workers().size();
			assertThat(snapshot.workers()).extracting(WorkerSnapshot::requests)
				.allSatisfy((served) -> assertThat((double) served).isBetween(0.6 * mean, 1.4 * mean));
		}
	}

}
