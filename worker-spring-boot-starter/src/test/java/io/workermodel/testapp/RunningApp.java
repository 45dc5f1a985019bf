package io.workermodel.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.workermodel.reactiveapp.ReactiveTestApplication;
import io.workermodel.worker.Arbiter;
import io.workermodel.testapp.TestApplication.Probe;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A test application on a real server at a random port (Tomcat, or Reactor Netty for a reactive
 * one), and an HTTP client for it.
 */
public final class RunningApp implements AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	public final ConfigurableApplicationContext context;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(PATIENCE)
		.build();

	private final int port;

	private RunningApp(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/** The servlet {@link TestApplication} on Tomcat. */
	public static RunningApp start(String... properties) {
		return start(TestApplication.class, properties);
	}

	/** The WebFlux {@code ReactiveTestApplication} on Reactor Netty. */
	public static RunningApp startReactive(String... properties) {
		return start(ReactiveTestApplication.class,
				Stream.concat(Stream.of(ReactiveTestApplication.REACTIVE), Stream.of(properties)).toArray(String[]::new));
	}

	/**
	 * An application on the server its class and properties choose.
	 * @param application the application's {@code @SpringBootApplication} class, which must
	 * declare a {@link Probe} bean
	 */
	public static RunningApp start(Class<?> application, String... properties) {
		return new RunningApp(new SpringApplicationBuilder(application)
			.properties("server.port=0", "management.endpoints.web.exposure.include=workers")
			.properties(properties)
			.run());
	}

	/** The port the server listens on. */
	public int port() {
		return this.port;
	}

	public Arbiter arbiter() {
		return this.context.getBean(Arbiter.class);
	}

	public Probe probe() {
		return this.context.getBean(Probe.class);
	}

	public HttpResponse<String> get(String path) {
		return getAsync(path).join();
	}

	public CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return this.client.sendAsync(request(path).GET().build(), BodyHandlers.ofString());
	}

	public HttpResponse<String> post(String path, String json) {
		try {
			return this.client.send(request(path).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).timeout(PATIENCE);
	}

	@Override
	public void close() {
		if (this.context.isActive()) {
			probe().release.countDown();
		}
		this.context.close();
		this.client.close();
	}

}
