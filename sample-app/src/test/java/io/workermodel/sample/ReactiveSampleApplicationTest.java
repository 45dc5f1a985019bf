package io.workermodel.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.WorkerSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample application in its reactive profile: WebFlux on Reactor Netty, one event loop per worker. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "worker.workers=2" })
@ActiveProfiles("reactive")
@ExtendWith(OutputCaptureExtension.class)
class ReactiveSampleApplicationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private Arbiter arbiter;

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void helloNamesTheWorkerWhoseLoopServedIt() throws Exception {
		HttpResponse<String> response = get("/hello");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello\n");
		assertThat(response.headers().firstValue("X-Worker")).hasValueSatisfying((id) -> assertThat(id).matches("[12]"));
		assertThat(response.headers().firstValue("X-Thread"))
			.hasValueSatisfying((thread) -> assertThat(thread).startsWith("worker-"));
	}

	@Test
	void ioWaitsWithoutHoldingTheLoop() throws Exception {
		assertThat(get("/io?ms=20").body()).isEqualTo("waited 20 ms\n");
	}

	@Test
	void blockIsReportedAsABlockedLoop(CapturedOutput output) throws Exception {
		long before = this.arbiter.snapshot().blocked();

		assertThat(get("/block?ms=500").statusCode()).isEqualTo(200);

		await().atMost(PATIENCE).until(() -> this.arbiter.snapshot().blocked() > before);
		// The watchdog counts the stall before it logs it.
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(output).contains("EVENT LOOP BLOCKED").contains("ReactiveLoadController.block"));
	}

	@Test
	void theEndpointAndTheHealthSpeakOfTheLoops() throws Exception {
		assertThat(get("/actuator/workers").body()).contains("\"workerClass\":\"reactive\"")
			.contains("\"id\":2")
			.doesNotContain("\"id\":3");
		assertThat(get("/actuator/health/readiness").body())
			.containsPattern("\"workers\":\\{\"details\":\\{[^}]*\"class\":\"reactive\"[^}]*},\"status\":\"UP\"");
		assertThat(get("/actuator/prometheus").body()).contains("worker_connections{").contains("worker_blocked_total{");
	}

	@Test
	void aWebSocketStaysOpenAndAnsweringThroughAReloadOfEveryWorker() throws Exception {
		try (EchoClient socket = new EchoClient(this.client, this.port)) {
			assertThat(socket.echo("before")).isEqualTo("before");
			assertThat(this.arbiter.snapshot().workers()).extracting(WorkerSnapshot::websockets).contains(1);

			this.arbiter.reload();
			await().atMost(PATIENCE).until(() -> this.arbiter.snapshot().retiring().isEmpty());

			assertThat(socket.echo("after")).isEqualTo("after");
			assertThat(socket.isClosed()).isFalse();
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(PATIENCE)
			.GET()
			.build(), BodyHandlers.ofString());
	}

}
