package io.workermodel.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.workermodel.worker.Arbiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application's endpoints, over real HTTP, on its own application.yml. Shuts down at once
 * and interrupts what still runs, so that the request left on /hang does not hold the build.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "worker.graceful-timeout=0s", "server.shutdown=immediate" })
class SampleApplicationTest {

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
	void helloNamesTheWorkerAndTheKindOfThread() throws Exception {
		HttpResponse<String> response = send(get("/hello"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello\n");
		assertThat(response.headers().firstValue("X-Worker")).hasValueSatisfying((id) -> assertThat(id).matches("[1-4]"));
		assertThat(response.headers().firstValue("X-Thread")).hasValue("platform");
	}

	@Test
	void everyMeterTheGrafanaDashboardQueriesIsExported() throws Exception {
		send(get("/hello"));
		String dashboard = Files.readString(Path.of("../docs/grafana/workers-dashboard.json"));
		Set<String> queried = Pattern.compile("worker_[a-z_]+")
			.matcher(dashboard)
			.results()
			.map(MatchResult::group)
			.collect(Collectors.toCollection(TreeSet::new));

		String exported = send(get("/actuator/prometheus")).body();

		assertThat(queried).hasSizeGreaterThan(10)
			.allSatisfy((meter) -> assertThat(exported).as(meter).contains(meter + "{"));
	}

	@Test
	void ioAndCpuTakeTheirTime() throws Exception {
		assertThat(send(get("/io?ms=20")).body()).isEqualTo("slept 20 ms\n");
		assertThat(send(get("/cpu?ms=5")).body()).startsWith("worked 5 ms");
	}

	@Test
	void boomIsAServerErrorCountedOnItsWorker() throws Exception {
		long errorsBefore = this.arbiter.snapshot().errors();

		assertThat(send(get("/boom")).statusCode()).isEqualTo(500);

		await().atMost(PATIENCE).until(() -> this.arbiter.snapshot().errors() == errorsBefore + 1);
	}

	@Test
	void echoSendsTheWholeBodyBack() throws Exception {
		String body = "x".repeat(100_000);
		HttpResponse<String> response = send(request("/echo").header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofString(body))
			.build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(body);
	}

	@Test
	void hangHoldsItsWorker() {
		int activeBefore = this.arbiter.snapshot().active();

		CompletableFuture<HttpResponse<String>> hanging = this.client.sendAsync(get("/hang"), BodyHandlers.ofString());

		await().atMost(PATIENCE).until(() -> this.arbiter.snapshot().active() == activeBefore + 1);
		assertThat(hanging).isNotDone();
		hanging.cancel(true);
	}

	@Test
	void theWorkersEndpointListsTheConfiguredWorkers() throws Exception {
		HttpResponse<String> response = send(get("/actuator/workers"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"workerClass\":\"gthread\"").contains("\"id\":4").doesNotContain("\"id\":5");
	}

	@Test
	void aWebSocketStaysOpenAndAnsweringThroughAReloadOfEveryWorker() throws Exception {
		try (EchoClient socket = new EchoClient(this.client, this.port)) {
			assertThat(socket.echo("before")).isEqualTo("before");

			this.arbiter.reload();
			await().atMost(PATIENCE).until(() -> this.arbiter.snapshot().retiring().isEmpty());

			assertThat(socket.echo("after")).isEqualTo("after");
			assertThat(socket.isClosed()).isFalse();
		}
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.client.send(request, BodyHandlers.ofString());
	}

	private HttpRequest get(String path) {
		return request(path).GET().build();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(PATIENCE);
	}

}
