package io.workermodel.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedClassLoader;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor's own threads never load a class after the first request, on the packaged fat
 * jar: loading one there takes the nested jar's lock, which a request's virtual thread may hold
 * while it waits for a carrier. The JVM records every class load with the thread that made it
 * (JFR's {@code jdk.ClassLoad}); the application is driven through what its supervisor does
 * (requests of every kind, a timeout and its replacement, recycling, the carrier probe, its log,
 * a SIGTERM and the exit bound) and the recording is read once it has exited.
 */
class SupervisorClassLoadingIT {

	/** The supervisor's threads, by name or, for those made in numbers, by prefix. */
	private static final Set<String> SUPERVISOR = Set.of("worker-arbiter", "worker-log", "worker-exit-bound",
			"worker-carrier-probe-", "JFR Event Stream");

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));

	private static final List<String> PATHS = List.of("/hello", "/io?ms=5", "/cpu?ms=2", "/boom", "/sse?n=1",
			"/deferred?ms=5", "/stream?n=1", "/page/config", "/index.html", "/actuator/workers", "/actuator/health",
			"/actuator/prometheus");

	@Test
	void theSupervisorsThreadsLoadNoClassOnceRequestsArrive() throws Exception {
		int port = freePort();
		Path recording = Files.createTempFile("supervisor-", ".jfr");
		Path log = Files.createTempFile("supervisor-", ".log");
		Process app = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
				"-XX:StartFlightRecording:jdk.ClassLoad#enabled=true,filename=" + recording, "-jar", JAR.toString(),
				"--server.port=" + port, "--worker.class=virtual", "--worker.workers=2", "--worker.timeout=1s",
				"--worker.max-requests=10", "--worker.graceful-timeout=2s")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		Instant firstRequest;
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			await().atMost(PATIENCE).ignoreExceptions().until(() -> {
				assertThat(app.isAlive()).as("exited; see %s", log).isTrue();
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return true;
				}
			});
			firstRequest = Instant.now();
			List<CompletableFuture<HttpResponse<String>>> answers = Stream
				.concat(PATHS.stream().flatMap((path) -> IntStream.range(0, 4).mapToObj((i) -> path)),
						Stream.of("/hang", "/hang"))
				.map((path) -> client.sendAsync(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(PATIENCE).build(),
						BodyHandlers.ofString()))
				.toList();
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			// Past the cold start too: once virtual threads serve, and after the workers were recycled.
			await().atMost(PATIENCE).until(() -> client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
						BodyHandlers.ofString())
				.statusCode() == 200 && Files.readString(log).contains("ClassLoadingWatch"));
		}
		finally {
			app.destroy();
			if (!app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
		List<String> loadedLazily = RecordingFile.readAllEvents(recording)
			.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.ClassLoad"))
			.filter((event) -> event.getStartTime().isAfter(firstRequest))
			.filter((event) -> event.getThread() != null && isSupervisor(event.getThread().getJavaName()))
			.filter(SupervisorClassLoadingIT::fromTheApplicationsJars)
			.map(SupervisorClassLoadingIT::describe)
			.toList();
		assertThat(loadedLazily).as("classes the supervisor loaded after the first request; see %s", log).isEmpty();
		Files.delete(recording);
		Files.delete(log);
	}

	private static boolean isSupervisor(String thread) {
		return thread != null && SUPERVISOR.stream().anyMatch(thread::startsWith);
	}

	/**
	 * Whether the class was looked up in the application's jars, under their loader's locks. The
	 * JDK's own classes come from its image in one step of the JVM's, which a virtual thread never
	 * leaves its carrier in, so no request holds what they need; hidden classes (a lambda's) are
	 * made from bytes in memory, looked up nowhere.
	 */
	private static boolean fromTheApplicationsJars(RecordedEvent event) {
		RecordedClass loaded = event.getClass("loadedClass");
		RecordedClassLoader loader = loaded.getClassLoader();
		return loader != null && loader.getType() != null && !"platform".equals(loader.getName())
				&& !loaded.getBoolean("hidden");
	}

	private static String describe(RecordedEvent event) {
		return event.getThread().getJavaName() + ": " + event.getClass("loadedClass").getName() + " by "
				+ event.getValue("definingClassLoader");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
