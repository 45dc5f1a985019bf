package io.workermodel.worker.boot.webflux;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.WorkerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux application on a thread-based class: its blocking handlers run on the workers, its
 * non-blocking ones stay on Reactor Netty's loops.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxBlockingHandlersTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Test
	void blockingHandlersRunOnTheWorkersAndAreCountedThere() {
		try (RunningApp app = RunningApp.startReactive("worker.class=gthread", "worker.workers=2",
				"worker.threads=3")) {
			List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 12)
				.mapToObj((i) -> app.getAsync("/sleep?ms=200"))
				.toList();

			assertThat(responses).allSatisfy((response) -> {
				assertThat(response.join().statusCode()).isEqualTo(200);
				assertThat(response.join().body()).matches("worker-[12]-thread-[123]");
			});
			assertThat(app.get("/thread").body()).doesNotStartWith("worker-");
			// A handler is counted when its task leaves the worker, which may be after the client has its answer.
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 12);
			List<WorkerSnapshot> workers = app.arbiter().snapshot().workers();
			assertThat(workers.stream().mapToLong(WorkerSnapshot::requests).sum()).isEqualTo(12);
			assertThat(workers).allSatisfy((worker) -> assertThat(worker.requests()).isPositive());
		}
	}

	@Test
	void aHandlerThatWaitsForItsBodyIsCountedOnceUnderItsPath() {
		try (RunningApp app = RunningApp.startReactive("worker.class=gthread", "worker.workers=2",
				"worker.request-hooks=true")) {
			List<HttpResponse<String>> responses = IntStream.range(0, 20)
				.mapToObj((i) -> app.post("/upper", "{\"n\":" + i + "}"))
				.toList();

			assertThat(responses).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			assertThat(responses.get(3).body()).isEqualTo("{\"N\":3}");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 20);
			assertThat(app.probe().events).filteredOn((event) -> event.startsWith("before "))
				.hasSize(20)
				.allSatisfy((event) -> assertThat(event).startsWith("before POST /upper on "));
		}
	}

	@Test
	void virtualRunsEachBlockingHandlerOnItsOwnVirtualThread() {
		try (RunningApp app = RunningApp.startReactive("worker.class=virtual", "worker.workers=2")) {
			List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 200)
				.mapToObj((i) -> app.getAsync("/sleep?ms=500"))
				.toList();

			assertThat(responses).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 200);
		}
	}

	@Test
	void aBlockingHandlerNoWorkerCanTakeIsAnswered503() {
		try (RunningApp app = RunningApp.startReactive("worker.class=sync", "worker.workers=1", "worker.backlog=0")) {
			CompletableFuture<HttpResponse<String>> running = app.getAsync("/sleep?ms=3000");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().active() == 1);

			HttpResponse<String> refused = app.get("/sleep?ms=1");
			HttpResponse<String> refusedJson = app.get("/sleep?ms=1", "Accept", "application/json");

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(refused.body()).isEmpty();
			assertThat(refusedJson.statusCode()).isEqualTo(503);
			assertThat(refusedJson.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(refusedJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refusedJson.body()).contains("\"status\":503").contains("\"title\":\"Service Unavailable\"");
			assertThat(running.join().statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aBlockingHandlerPastTheTimeoutIsInterruptedAndAnswered503(CapturedOutput output) {
		try (RunningApp app = RunningApp.startReactive("worker.class=sync", "worker.workers=1", "worker.timeout=1s")) {
			HttpResponse<String> hung = app.get("/sleep?ms=600000");

			assertThat(hung.statusCode()).isEqualTo(503);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().timeouts() == 1);
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(output).contains("WORKER TIMEOUT").contains("GET /sleep"));
			assertThat(app.get("/sleep?ms=1").statusCode()).isEqualTo(200);
		}
	}


}
