package io.workermodel.worker.boot.servlet;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Past its workers, the server answers 503 with Retry-After, at once or at the queue-time deadline,
 * instead of dropping connections or running work whose client has gone; the management endpoints
 * answer through it all.
 */
class ServletOverloadTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String[] PROBES = { "management.endpoints.web.exposure.include=health,workers",
			"management.endpoint.health.probes.enabled=true",
			"management.endpoint.health.group.readiness.include=readinessState,workers",
			"management.endpoint.health.show-details=always" };

	@Test
	void answersWhatItCannotHoldWith503AndServesTheRest() {
		// No deadline: this is about the backlog's bound alone.
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1", "worker.backlog=2",
				"worker.max-queue-time=0")) {
			List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 10)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();

			await().atMost(PATIENCE).until(() -> responses.stream().filter(CompletableFuture::isDone).count() == 7);
			assertThat(app.probe().running).hasValue(1);
			assertThat(app.arbiter().snapshot().backlog()).isEqualTo(2);
			app.probe().release.countDown();

			// join() throws on a reset or an empty reply: every request gets an HTTP answer.
			Map<Integer, List<HttpResponse<String>>> byStatus = responses.stream()
				.map(CompletableFuture::join)
				.collect(Collectors.groupingBy(HttpResponse::statusCode));
			assertThat(byStatus).containsOnlyKeys(200, 503);
			assertThat(byStatus.get(200)).hasSize(3);
			assertThat(byStatus.get(503)).hasSize(7).allSatisfy(ServletOverloadTest::asksToComeBack);
			assertThat(app.arbiter().snapshot().shed()).isEqualTo(7);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 3);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync", "gthread", "virtual" })
	void answersWorkThatWaitedPastMaxQueueTimeWith503WhileEveryWorkerStaysBusy(String workerClass) {
		try (RunningApp app = RunningApp.start("worker.class=" + workerClass, "worker.workers=1",
				"worker.threads=1", "worker.connections=1", "worker.max-queue-time=500ms")) {
			CompletableFuture<HttpResponse<String>> held = app.getAsync("/block");
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 1);

			List<HttpResponse<String>> waited = app.getAll("/thread", 3);

			assertThat(waited).allSatisfy((response) -> {
				assertThat(response.statusCode()).isEqualTo(503);
				asksToComeBack(response);
			});
			assertThat(app.arbiter().snapshot().expired()).isEqualTo(3);
			assertThat(app.arbiter().snapshot().shed()).isZero();
			assertThat(held).isNotDone();
			app.probe().release.countDown();
			assertThat(held.join().statusCode()).isEqualTo(200);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync", "gthread", "virtual" })
	void answersWorkExpectedToWaitPastTheQueueTargetWith503OnArrivalNotAtTheDeadline(String workerClass) {
		// A deadline of a minute: a 503 before the worker frees up can only be a refusal on arrival.
		try (RunningApp app = RunningApp.start("worker.class=" + workerClass, "worker.workers=1",
				"worker.threads=1", "worker.connections=1", "worker.max-queue-time=60s", "worker.limit=fixed")) {
			// Requests of 300 ms teach the backlog how long one takes on the worker.
			assertThat(app.get("/io?ms=300").statusCode()).isEqualTo(200);
			CompletableFuture<HttpResponse<String>> held = app.getAsync("/block");
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 1);
			// One round of the workers waits whatever the estimate.
			CompletableFuture<HttpResponse<String>> next = app.getAsync("/thread");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().backlog() == 1);

			// Behind it, two requests of 300 ms on one worker: past the 300 ms the target stretches to.
			HttpResponse<String> refused = app.get("/thread");

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
					(seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
			assertThat(app.arbiter().snapshot().shed()).isEqualTo(1);
			assertThat(app.arbiter().snapshot().expired()).isZero();
			assertThat(held).isNotDone();
			assertThat(next).isNotDone();
			app.probe().release.countDown();
			assertThat(held.join().statusCode()).isEqualTo(200);
			assertThat(next.join().statusCode()).isEqualTo(200);
		}
	}

	@Test
	void fastRequestsBesideSlowOnesFarBelowTheCapacityAreNeverRefused() {
		// The adaptive limit of virtual's defaults must not read a few slow requests as congestion.
		try (RunningApp app = RunningApp.start("worker.class=virtual", "worker.workers=1",
				"worker.connections=200")) {
			List<CompletableFuture<HttpResponse<String>>> slow = IntStream.range(0, 10)
				.mapToObj((i) -> app.getAsync("/io?ms=2000"))
				.toList();
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().active() == 10);

			List<HttpResponse<String>> fast = app.getAll("/io?ms=50", 100);

			assertThat(fast).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			assertThat(slow).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
			assertThat(app.arbiter().snapshot().shed()).isZero();
		}
	}

	@Test
	void theManagementEndpointsAnswerWhileEveryWorkerIsBusyAndTheBacklogFull() {
		String[] properties = Stream.concat(Stream.of("worker.class=sync", "worker.workers=2", "worker.backlog=2",
				"worker.max-queue-time=0"), Stream.of(PROBES)).toArray(String[]::new);
		try (RunningApp app = RunningApp.start(properties)) {
			List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 8)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();
			await().atMost(PATIENCE).until(() -> held.stream().filter(CompletableFuture::isDone).count() == 4);
			assertThat(app.get("/thread").statusCode()).isEqualTo(503);

			HttpResponse<String> liveness = app.get("/actuator/health/liveness");
			assertThat(liveness.statusCode()).isEqualTo(200);
			assertThat(liveness.body()).contains("\"UP\"");
			HttpResponse<String> readiness = app.get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).contains("OUT_OF_SERVICE");
			HttpResponse<String> workers = app.get("/actuator/workers");
			assertThat(workers.statusCode()).isEqualTo(200);
			assertThat(workers.body()).contains("\"backlog\":2");
			// The lane took no worker's capacity and was not counted as the workers' work.
			assertThat(app.arbiter().snapshot().active()).isEqualTo(2);

			app.probe().release.countDown();
			assertThat(held.stream().map(CompletableFuture::join).filter((r) -> r.statusCode() == 200)).hasSize(4);
			await().atMost(PATIENCE)
				.until(() -> app.get("/actuator/health/readiness").statusCode() == 200);
		}
	}

	@Test
	void countsTheTimeAProxyHeldTheRequestWhenItsStampIsTrusted() {
		// A deadline far from both stamps, so that a slow machine cannot move either across it.
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.queue-time-header=X-Request-Start",
				"worker.max-queue-time=10s")) {
			Instant now = Instant.now();
			long aMinuteAgoMillis = now.minusSeconds(60).toEpochMilli();
			String nginxNow = "t=%d.%03d".formatted(now.getEpochSecond(), now.getNano() / 1_000_000);

			HttpResponse<String> late = app.get("/thread", "X-Request-Start", String.valueOf(aMinuteAgoMillis));
			assertThat(late.statusCode()).isEqualTo(503);
			asksToComeBack(late);
			assertThat(app.get("/thread", "X-Request-Start", nginxNow).statusCode()).isEqualTo(200);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
			assertThat(app.arbiter().snapshot().expired()).isEqualTo(1);
		}
		try (RunningApp app = RunningApp.start("worker.class=gthread")) {
			// Not trusted unless named: a client could forge it.
			String old = String.valueOf(Instant.now().minusSeconds(60).toEpochMilli());
			assertThat(app.get("/thread", "X-Request-Start", old).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aClientThatReadsJsonIsAnsweredWithAProblemDetail() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.queue-time-header=X-Request-Start",
				"worker.max-queue-time=10s")) {
			String aMinuteAgo = String.valueOf(Instant.now().minusSeconds(60).toEpochMilli());

			HttpResponse<String> json = app.get("/thread", "X-Request-Start", aMinuteAgo, "Accept",
					"application/json");
			HttpResponse<String> plain = app.get("/thread", "X-Request-Start", aMinuteAgo);

			assertThat(json.statusCode()).isEqualTo(503);
			asksToComeBack(json);
			assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(json.body()).contains("\"status\":503").contains("\"title\":\"Service Unavailable\"");
			assertThat(plain.statusCode()).isEqualTo(503);
			asksToComeBack(plain);
			assertThat(plain.body()).isEmpty();
		}
	}

	private static void asksToComeBack(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.headers().firstValue("Connection")).hasValue("close");
	}

}
