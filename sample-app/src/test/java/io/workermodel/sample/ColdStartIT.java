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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged fat jar on {@code virtual}, loaded the moment its port opens, start after start:
 * the first concurrent requests load their classes lazily from the nested jars, which is where
 * virtual threads have hung Spring Boot applications for good (every carrier pinned by a thread
 * waiting for the nested jar's lock while the holder waits for a carrier). Thirty starts run with
 * two carriers and no compensation, the most adversarial scheduler, and five with the JVM's
 * defaults. Each start must answer every request as the application would when warm, and stop on
 * SIGTERM within {@code worker.graceful-timeout}, by itself and not by the exit bound's halt.
 */
class ColdStartIT {

	/** How many starts on two carriers; {@code -Dcold.starts} to try more on a machine of one's own. */
	private static final int STARTS = Integer.getInteger("cold.starts", 30);

	private static final int DEFAULT_SCHEDULER_STARTS = 5;

	private static final List<String> TWO_CARRIERS = List.of("-Djdk.virtualThreadScheduler.parallelism=2",
			"-Djdk.virtualThreadScheduler.maxPoolSize=2");

	private static final int CLIENTS_PER_PATH = 4;

	private static final Duration GRACEFUL_TIMEOUT = Duration.ofSeconds(5);

	/** The graceful timeout, plus the time a busy machine takes to tear a JVM down: short of the halt's bound. */
	private static final Duration EXIT_WITHIN = GRACEFUL_TIMEOUT.plusSeconds(3);

	/** How a JVM that SIGTERM ended exits; the exit bound's halt exits with 1. */
	private static final int EXIT_ON_SIGTERM = 143;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/** The packaged sample: the Tomcat one, or with -Pjetty the Jetty one. */
	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));

	/**
	 * Each loads its own classes (MVC, Jackson, streaming, actuator, Prometheus, static resources),
	 * with the statuses a healthy application answers. Health alone may be 503: the port opens
	 * before the application is ready, and readiness refuses traffic until then.
	 */
	private static final Map<String, Set<Integer>> PATHS = Map.ofEntries(Map.entry("/hello", Set.of(200)),
			Map.entry("/io?ms=5", Set.of(200)), Map.entry("/cpu?ms=2", Set.of(200)), Map.entry("/boom", Set.of(500)),
			Map.entry("/sse?n=1", Set.of(200)), Map.entry("/deferred?ms=5", Set.of(200)),
			Map.entry("/stream?n=1", Set.of(200)), Map.entry("/page/config", Set.of(200)),
			Map.entry("/index.html", Set.of(200)), Map.entry("/actuator/workers", Set.of(200)),
			Map.entry("/actuator/health", Set.of(200, 503)), Map.entry("/actuator/prometheus", Set.of(200)),
			Map.entry("/echo", Set.of(200)));

	@Test
	void coldStartsOnTwoCarriersUnderImmediateLoadAnswerEveryRequestAndStopWithinTheBound() throws Exception {
		for (int start = 1; start <= STARTS; start++) {
			coldStart("two carriers, start " + start, TWO_CARRIERS);
		}
	}

	@Test
	void coldStartsOnTheDefaultSchedulerAnswerEveryRequestAndStopWithinTheBound() throws Exception {
		for (int start = 1; start <= DEFAULT_SCHEDULER_STARTS; start++) {
			coldStart("default scheduler, start " + start, List.of());
		}
	}

	private void coldStart(String start, List<String> scheduler) throws Exception {
		int port = freePort();
		Path log = Files.createTempFile("cold-start-", ".log");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElseThrow());
		command.addAll(scheduler);
		command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + port, "--worker.class=virtual",
				"--worker.graceful-timeout=" + GRACEFUL_TIMEOUT.toSeconds()));
		Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			await().atMost(PATIENCE).ignoreExceptions().until(() -> {
				assertThat(app.isAlive()).as("%s exited; see %s", start, log).isTrue();
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return true;
				}
			});
			Map<String, List<CompletableFuture<HttpResponse<String>>>> answers = PATHS.keySet()
				.stream()
				.collect(Collectors.toMap((path) -> path,
						(path) -> IntStream.range(0, CLIENTS_PER_PATH).mapToObj((i) -> send(client, port, path)).toList()));
			answers.forEach((path, responses) -> assertThat(responses).allSatisfy((response) -> assertThat(
					response.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).statusCode())
				.as("%s, %s; see %s", start, path, log)
				.isIn(PATHS.get(path))));
		}
		finally {
			long stopping = System.nanoTime();
			app.destroy();
			boolean exited = app.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);
			if (!exited) {
				app.destroyForcibly();
			}
			assertThat(exited).as("%s still ran %d s after SIGTERM; see %s", start,
					TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping), log)
				.isTrue();
		}
		assertThat(app.exitValue()).as("%s: exit status; see %s", start, log).isEqualTo(EXIT_ON_SIGTERM);
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
