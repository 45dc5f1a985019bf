package io.workermodel.worker.boot.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The workers' meters, Tomcat's thread gauges and the health contributor, on a real Tomcat. */
class WorkerObservabilityTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void prometheusHasSeriesPerWorkerThatGoWhenItsSlotIsScaledAway() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=3", "worker.threads=1",
				"management.endpoints.web.exposure.include=workers,prometheus")) {
			// One thread per worker: three held requests need all three workers.
			List<CompletableFuture<HttpResponse<String>>> traffic = IntStream.range(0, 3)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 3);
			app.probe().release.countDown();
			traffic.forEach(CompletableFuture::join);

			await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus(app))
				.contains("worker_requests_seconds_count{class=\"gthread\",outcome=\"SUCCESS\",worker=\"1\"}")
				.contains("worker_requests_seconds_count{class=\"gthread\",outcome=\"SUCCESS\",worker=\"2\"}")
				.contains("worker_requests_seconds_count{class=\"gthread\",outcome=\"SUCCESS\",worker=\"3\"}"));
			String scraped = prometheus(app);
			assertThat(scraped).contains("worker_busy{class=\"gthread\",worker=\"3\"}")
				.contains("worker_active{class=\"gthread\",worker=\"3\"}")
				.contains("worker_backlog{class=\"gthread\"}")
				.contains("worker_workers{class=\"gthread\"} 3.0");

			app.arbiter().scale(2);

			await().atMost(PATIENCE).untilAsserted(() -> assertThat(prometheus(app)).doesNotContain("worker=\"3\"")
				.contains("worker=\"2\"")
				.contains("worker_workers{class=\"gthread\"} 2.0"));
		}
	}

	@Test
	void busyRisesWhileVirtualWorkersAreLoadedAndFallsBackToZero() {
		try (RunningApp app = RunningApp.start("worker.class=virtual", "worker.workers=2",
				"worker.connections=100")) {
			MeterRegistry registry = app.context.getBean(MeterRegistry.class);
			List<CompletableFuture<HttpResponse<String>>> blocked = IntStream.range(0, 100)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 100);

			await().atMost(PATIENCE).until(() -> busy(registry) > 0.4);
			app.probe().release.countDown();
			blocked.forEach(CompletableFuture::join);

			await().atMost(PATIENCE).until(() -> busy(registry) == 0.0);
		}
	}

	@Test
	void healthIsUpWithDetailsAndOutOfServiceWhileTheBacklogIsFull() {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1", "worker.backlog=1",
				"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always")) {
			assertThat(app.get("/actuator/health").body()).contains("\"workers\":{").contains("\"class\":\"sync\"");
			WorkersHealthIndicator indicator = app.context.getBean(WorkersHealthIndicator.class);
			assertThat(indicator.health(true)).extracting(Health::getStatus).isEqualTo(Status.UP);

			List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 2)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().backlog() == 1);

			Health saturated = indicator.health(true);
			assertThat(saturated.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(saturated.getDetails()).containsEntry("backlog", 1).containsEntry("serving", 1L);
			app.probe().release.countDown();
			held.forEach(CompletableFuture::join);
			await().atMost(PATIENCE).until(() -> indicator.health(true).getStatus().equals(Status.UP));
		}
	}

	private static double busy(MeterRegistry registry) {
		return registry.find("worker.busy").gauges().stream().mapToDouble(Gauge::value).sum();
	}

	private static String prometheus(RunningApp app) {
		HttpResponse<String> response = app.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
