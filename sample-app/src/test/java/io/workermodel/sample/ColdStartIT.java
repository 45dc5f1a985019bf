package io.workermodel.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged fat jar on {@code virtual} with two carriers, loaded the moment its port opens, ten
 * times over: the first concurrent requests load their classes lazily from the nested jars, which
 * is where virtual threads have hung Spring Boot applications for good (every carrier held by
 * threads waiting for the nested jar's lock). Each start must answer every request, and stop on
 * SIGTERM within {@code worker.graceful-timeout} plus the exit bound's margin.
 */
class ColdStartIT {

	private static final int STARTS = 10;

	private static final int CLIENTS_PER_PATH = 4;

	private static final Duration GRACEFUL_TIMEOUT = Duration.ofSeconds(5);

	/** The bound, plus the time a busy machine takes to tear a JVM down. */
	private static final Duration EXIT_WITHIN = GRACEFUL_TIMEOUT.plusSeconds(5 + 3);

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/** The packaged sample: the Tomcat one, or with -Pjetty the Jetty one. */
	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));

	/** Each loads its own classes: MVC, Jackson, streaming, actuator, Prometheus, static resources. */
	private static final List<String> PATHS = List.of("/hello", "/io?ms=5", "/cpu?ms=2", "/boom", "/sse?n=1",
			"/deferred?ms=5", "/stream?n=1", "/page/config", "/index.html", "/actuator/workers", "/actuator/health",
			"/actuator/prometheus");

	@Test
	void coldStartsOnTwoCarriersUnderImmediateLoadAnswerEveryRequestAndStopWithinTheBound() throws Exception {
		for (int start = 1; start <= STARTS; start++) {
			coldStart(start);
		}
	}

	private void coldStart(int start) throws Exception {
		int port = freePort();
		Path log = Files.createTempFile("cold-start-" + start + "-", ".log");
		Process app = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
				"-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2", "-jar",
				JAR.toString(), "--server.port=" + port, "--worker.class=virtual",
				"--worker.graceful-timeout=" + GRACEFUL_TIMEOUT.toSeconds())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			await().atMost(PATIENCE).ignoreExceptions().until(() -> {
				assertThat(app.isAlive()).as("start %d exited; see %s", start, log).isTrue();
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return true;
				}
			});
			List<CompletableFuture<HttpResponse<String>>> answers = Stream.concat(PATHS.stream(), Stream.of("/echo"))
				.flatMap((path) -> IntStream.range(0, CLIENTS_PER_PATH).mapToObj((i) -> send(client, port, path)))
				.toList();
			for (CompletableFuture<HttpResponse<String>> answer : answers) {
				assertThat(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).statusCode()).as("start %d; see %s", start, log)
					.isBetween(200, 599);
			}
		}
		finally {
			long stopping = System.nanoTime();
			app.destroy();
			boolean exited = app.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);
			if (!exited) {
				app.destroyForcibly();
			}
			assertThat(exited).as("start %d still ran %d s after SIGTERM; see %s", start,
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping), log)
				.isTrue();
		}
		Files.delete(log);
	}

	private static CompletableFuture<HttpResponse<String>> send(HttpClient client, int port, String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(PATIENCE);
		if (path.equals("/echo")) {
			request.header("Content-Type", "text/plain").POST(BodyPublishers.ofString("cold"));
		}
		return client.sendAsync(request.build(), BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
