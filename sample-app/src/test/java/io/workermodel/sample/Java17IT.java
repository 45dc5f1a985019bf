package io.workermodel.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged app on Java 17, Spring Boot 4's baseline, as a team still on it runs it: the
 * thread-based classes serve, and {@code virtual}, which needs Java 21, stops start-up by itself
 * with a message that says which property, which value and which Java.
 */
class Java17IT {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/** The packaged sample: the Tomcat one, or with -Pjetty the Jetty one. */
	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));

	@Test
	void theThreadClassesServeOnJava17() throws Exception {
		int port = freePort();
		Process app = start(port, "--worker.class=gthread");
		try {
			HttpClient client = HttpClient.newHttpClient();
			HttpRequest hello = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build();
			await().atMost(PATIENCE).ignoreExceptions().until(() -> {
				assertThat(app.isAlive()).as("the app exited").isTrue();
				return client.send(hello, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
			});
		}
		finally {
			app.destroy();
			app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void virtualStopsStartUpOnJava17NamingThePropertyTheValueAndTheJavaItNeeds() throws Exception {
		Process app = start(freePort(), "--worker.class=virtual");

		String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(app.exitValue()).isNotZero();
		assertThat(output).contains("worker.class").contains("'virtual'").contains("Java 21").contains("Java 17");
	}

	private static Process start(int port, String... options) throws IOException {
		List<String> command = Stream.concat(
				Stream.of(java17().toString(), "-jar", JAR.toString(), "--server.port=" + port), Stream.of(options))
			.toList();
		return new ProcessBuilder(command).redirectErrorStream(true).start();
	}

	/** A Java 17 under /usr/lib/jvm, which .ci/run installs where the machine has none. */
	private static Path java17() throws IOException {
		try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
			return jvms.filter((jvm) -> isJava17(jvm.resolve("release")))
				.map((jvm) -> jvm.resolve("bin/java"))
				.filter(Files::isExecutable)
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No Java 17 under /usr/lib/jvm; .ci/run installs one"));
		}
	}

	private static boolean isJava17(Path release) {
		try {
			return Files.readAllLines(release).stream().anyMatch((line) -> line.startsWith("JAVA_VERSION=\"17."));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
