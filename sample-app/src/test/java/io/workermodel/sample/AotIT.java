package io.workermodel.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged app run on the bean definitions Spring AOT generated at build time, as a team that
 * wants a faster start (or a native image's groundwork) runs it: each thread-based class serves,
 * and the endpoint lists its workers.
 */
class AotIT {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/** The packaged sample: the Tomcat one, or with -Pjetty the Jetty one. */
	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "sync", "gthread", "virtual" })
	void theAotProcessedAppServesOnEachThreadClass(String workerClass) throws Exception {
		int port = freePort();
		Path log = Files.createTempFile("aot-" + workerClass, ".log");
		Process app = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
				"-Dspring.aot.enabled=true", "-jar", JAR.toString(), "--server.port=" + port,
				"--worker.class=" + workerClass, "--worker.workers=2")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			HttpClient client = HttpClient.newHttpClient();
			HttpResponse<String> hello = await().atMost(PATIENCE).ignoreExceptions().until(() -> {
				assertThat(app.isAlive()).as("the app exited; see %s", log).isTrue();
				return client.send(request(port, "/hello"), HttpResponse.BodyHandlers.ofString());
			}, (response) -> response.statusCode() == 200);
			String workers = client.send(request(port, "/actuator/workers"), HttpResponse.BodyHandlers.ofString())
				.body();

			assertThat(hello.body()).isEqualToIgnoringWhitespace("hello");
			assertThat(workers).contains("\"workerClass\":\"" + workerClass + "\"")
				.contains("\"id\":1,")
				.contains("\"id\":2,");
			assertThat(Files.readString(log)).contains("Starting AOT-processed");
		}
		finally {
			app.destroy();
			app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
	}

	private static HttpRequest request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
