package io.workermodel.worker.boot.servlet;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog, recycling and graceful shutdown on a real servlet container (Tomcat, or Jetty in
 * the build's second pass), over real HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServletSupervisionTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void aRequestPastTheTimeoutIsAnswered503ItsWorkerReplacedAndTheStackLogged(CapturedOutput output) {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=2", "worker.timeout=1s")) {
			HttpResponse<String> hung = app.get("/hang", "Accept", "application/json");

			assertThat(hung.statusCode()).isEqualTo(503);
			assertThat(hung.headers().firstValue("Connection")).hasValue("close");
			assertThat(hung.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(hung.body()).contains("\"status\":503").contains("timeout");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().timeouts() == 1);
			assertThat(app.arbiter().snapshot().workers()).extracting(WorkerSnapshot::generation).contains(2);
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(output).contains("WORKER TIMEOUT").contains("GET /hang").contains("\tat "));
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
			await().atMost(PATIENCE).until(() -> app.get("/actuator/workers").body().contains("\"exits\":{\"TIMEOUT\":1}"));
			assertThat(app.get("/actuator/workers").body()).contains("\"timeouts\":1");
		}
	}

	@Test
	void aThreadThatIgnoresItsInterruptionIsReportedAsStuck(CapturedOutput output) {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=1", "worker.threads=2",
				"worker.timeout=500ms")) {
			CompletableFuture<HttpResponse<String>> stubborn = app.getAsync("/stubborn");

			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().stuck() == 1);
			// The watchdog counts the request stuck before it logs it.
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(output).contains("WORKER STUCK").contains("GET /stubborn"));
			assertThat(app.get("/actuator/workers").body()).contains("\"stuck\":1");
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);

			// Its client was not left waiting on it: the hard timeout ended its connection with a 503.
			assertThat(stubborn.join().statusCode()).isEqualTo(503);
			app.probe().release.countDown();
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().stuck() == 0);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync", "gthread", "virtual" })
	void aRequestWhoseBodyNeverArrivesHasItsConnectionEndedAndTheServerServesOn(String workerClass)
			throws IOException {
		try (RunningApp app = RunningApp.start("worker.class=" + workerClass, "worker.workers=1", "worker.threads=1",
				"worker.connections=1", "worker.timeout=1s", "worker.graceful-timeout=2s");
				Socket socket = new Socket("127.0.0.1", app.port())) {
			socket.setSoTimeout((int) PATIENCE.toMillis());
			socket.getOutputStream()
				.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
						+ "Content-Length: 1000\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));

			// A 503, or the connection closed: anything but an endless wait (which times the read out).
			assertThat(answerUntilClosed(socket)).satisfiesAnyOf((answer) -> assertThat(answer).isEmpty(),
					(answer) -> assertThat(answer).startsWith("HTTP/1.1 503"));
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		}
	}

	private static String answerUntilClosed(Socket socket) throws IOException {
		try {
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (SocketException reset) {
			return "";
		}
	}

	@Test
	void workersAreRecycledAfterMaxRequestsWithoutFailingARequest() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=2", "worker.threads=2",
				"worker.max-requests=20")) {
			for (int round = 0; round < 10; round++) {
				assertThat(app.getAll("/thread", 20)).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			}
			app.assertRecycledAt(20, 200);
		}
	}

	@Test
	void shutdownLetsInFlightRequestsFinish() {
		RunningApp.start("worker.class=gthread", "worker.workers=2", "worker.threads=10")
			.assertCloseLetsHeldRequestsFinish("/block", 15);
	}

	@Test
	void shutdownInterruptsWhatOutlastsTheGracefulTimeout(CapturedOutput output) throws Exception {
		RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1", "worker.graceful-timeout=500ms",
				"worker.timeout=0");
		Arbiter arbiter = app.arbiter();
		app.getAsync("/hang");
		await().atMost(PATIENCE).until(() -> arbiter.snapshot().active() == 1);

		app.close();

		// The request that outlasted the graceful timeout is named in the log.
		assertThat(output).contains("GET /hang");
		ArbiterSnapshot last = arbiter.snapshot();
		assertThat(last.workers()).extracting(WorkerSnapshot::state).containsOnly(WorkerState.STOPPED);
	}

}
