package io.workermodel.worker.boot.netty;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.workermodel.testapp.ClosedLoopClients;
import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reactive class: workers that are Reactor Netty's event loops, over real HTTP. */
@ExtendWith(OutputCaptureExtension.class)
class NettyWorkerTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Test
	void byDefaultRunsAsManyLoopsAsReactorNettyWould() {
		try (RunningApp app = RunningApp.startReactive()) {
			assertThat(app.arbiter().snapshot().workers()).hasSize(LoopResources.DEFAULT_IO_WORKER_COUNT);
			assertThat(app.get("/thread").body()).matches("worker-\\d-loop-g1-.*");
		}
	}

	@Test
	void eachWorkerIsAnEventLoopAndConnectionsSpreadOverThem() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=2")) {
			assertThat(app.getAll("/io?ms=1000", 1000)).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			// A request is counted when its exchange completes, which may be just after the client has its answer.
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() >= 1000);
			List<WorkerSnapshot> workers = app.arbiter().snapshot().workers();
			assertThat(workers).hasSize(2);
			assertThat(workers.stream().mapToLong(WorkerSnapshot::requests).sum()).isGreaterThanOrEqualTo(1000);
			// The least-connected loop takes each new connection: neither is left idle.
			assertThat(workers).allSatisfy((worker) -> assertThat(worker.requests()).isGreaterThan(250));
			assertThat(app.get("/thread").body()).matches("worker-[12]-loop-g1-.*");
		}
	}

	@Test
	void aBlockedLoopIsLoggedOnceWithItsStackAndCounted(CapturedOutput output) {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1", "worker.blocked-threshold=200ms")) {
			long before = app.arbiter().snapshot().blocked();

			assertThat(app.get("/block?ms=1000").statusCode()).isEqualTo(200);

			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().blocked() == before + 1);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(output).contains("EVENT LOOP BLOCKED (worker 1")
					.contains("ReactiveTestApplication$Handlers.block"));
			assertThat(app.get("/actuator/workers").body()).contains("\"blocked\":" + (before + 1));
			MeterRegistry meters = app.context.getBean(MeterRegistry.class);
			assertThat(meters.get("worker.blocked").tag("worker", "1").counter().count())
				.isEqualTo(before + 1);
		}
	}

	@Test
	void aFreshPoolServesABurstOfItsWholeCapacity() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=2", "worker.connections=40")) {
			List<HttpResponse<String>> burst = app.getAll("/io?ms=500", 80);

			assertThat(burst).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			assertThat(app.arbiter().snapshot().shed()).isZero();
		}
	}

	@Test
	void aWorkerAtItsConnectionLimitAnswers503AtOnce() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1", "worker.connections=2")) {
			List<CompletableFuture<HttpResponse<String>>> held = Stream.of(1, 2)
				.map((i) -> app.getAsync("/hold"))
				.toList();
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 2);

			HttpResponse<String> refused = app.get("/thread");

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(app.arbiter().snapshot().shed()).isEqualTo(1);
			app.probe().release.countDown();
			assertThat(held).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
			// A request is closed once its response is written, a moment after its client has it.
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 2);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void theManagementEndpointsAnswerWhileEveryLoopIsAtItsLimit() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1", "worker.connections=2",
				"management.endpoints.web.exposure.include=health,workers",
				"management.endpoint.health.probes.enabled=true")) {
			List<CompletableFuture<HttpResponse<String>>> held = Stream.of(1, 2)
				.map((i) -> app.getAsync("/hold"))
				.toList();
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 2);
			assertThat(app.get("/thread").statusCode()).isEqualTo(503);

			assertThat(app.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(app.get("/actuator/workers").statusCode()).isEqualTo(200);
			assertThat(app.arbiter().snapshot().shed()).isEqualTo(1);

			app.probe().release.countDown();
			assertThat(held).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
		}
	}

	@Test
	void aStreamThatKeepsSendingOutlivesTheTimeoutAndIsCountedOnce() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1", "worker.timeout=2s")) {
			HttpResponse<String> stream = app.get("/sse?n=10&ms=500");

			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.body()).contains("data:event 0").contains("data:event 9");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 1);
			ArbiterSnapshot snapshot = app.arbiter().snapshot();
			assertThat(snapshot.timeouts()).isZero();
			assertThat(snapshot.errors()).isZero();
		}
	}

	@Test
	void aHungRequestIsCancelledAtTheTimeoutAndItsLoopServesOn(CapturedOutput output) {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1", "worker.timeout=1s")) {
			HttpResponse<String> hung = app.get("/hang", "Accept", "application/json");

			assertThat(hung.statusCode()).isEqualTo(503);
			assertThat(hung.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(hung.body()).contains("\"status\":503").contains("timeout");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().timeouts() == 1);
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(output).contains("WORKER TIMEOUT").contains("GET /hang"));
			// The loop was not at fault: it is not replaced.
			assertThat(app.arbiter().snapshot().workers()).extracting(WorkerSnapshot::generation).containsExactly(1);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aRequestWhoseClientHangsUpGivesBackItsPlace() throws IOException {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1", "worker.connections=1",
				"worker.timeout=10m")) {
			try (Socket socket = new Socket("127.0.0.1", app.port())) {
				socket.getOutputStream()
					.write("GET /hang HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().workers().get(0).active() == 1);
			}

			// Long before the timeout: the hang-up cancelled the request and ended its record.
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().workers().get(0).active() == 0);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
			assertThat(app.arbiter().snapshot().timeouts()).isZero();
		}
	}

	@Test
	void loopsAreRecycledAfterMaxRequestsWithoutFailingARequest() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=2", "worker.max-requests=20")) {
			for (int round = 0; round < 10; round++) {
				assertThat(app.getAll("/thread", 20)).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			}
			// A retiring loop still answers the next request on each of its connections, with
			// Connection: close, so none fails.
			app.assertRecycledAt(20, 200);
		}
	}

	@Test
	void reloadRestartAndScaleUnderLoadLoseNoRequest() throws InterruptedException {
		try (RunningApp app = RunningApp.startReactive("worker.workers=2", "worker.graceful-timeout=10s")) {
			ClosedLoopClients clients = new ClosedLoopClients(app, 16, "/io?ms=5");
			clients.awaitServed(200);

			app.arbiter().reload();
			clients.awaitServed(200);
			app.arbiter().restart(1);
			clients.awaitServed(200);
			app.arbiter().scale(3);
			clients.awaitServed(200);
			app.arbiter().scale(1);
			clients.awaitServed(200);
			List<String> failures = clients.stop();

			assertThat(failures).isEmpty();
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().retiring().isEmpty());
			ArbiterSnapshot snapshot = app.arbiter().snapshot();
			assertThat(snapshot.retired().count()).isEqualTo(5);
			assertThat(snapshot.requests()).isGreaterThanOrEqualTo(clients.served());
		}
	}

	@Test
	void aRequestInFlightWhenItsLoopRetiresClosesItsConnection() {
		try (RunningApp app = RunningApp.startReactive("worker.workers=1")) {
			CompletableFuture<HttpResponse<String>> held = app.getAsync("/hold");
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 1);

			app.arbiter().reload();
			app.probe().release.countDown();

			HttpResponse<String> response = held.join();
			assertThat(response.statusCode()).isEqualTo(200);
			// Its client opens a new connection, which the fresh loop takes.
			assertThat(response.headers().firstValue("Connection")).hasValue("close");
			assertThat(app.get("/thread").body()).matches("worker-1-loop-g2-.*");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().retiring().isEmpty());
		}
	}

	@Test
	void shutdownLetsInFlightRequestsFinishOnTheirLoops() {
		RunningApp.startReactive("worker.workers=2").assertCloseLetsHeldRequestsFinish("/hold", 15);
	}

}
