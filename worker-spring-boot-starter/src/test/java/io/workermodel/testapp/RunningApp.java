package io.workermodel.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.workermodel.reactiveapp.ReactiveTestApplication;
import io.workermodel.worker.Arbiter;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.ExitReason;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;
import io.workermodel.testapp.TestApplication.Probe;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	/**
	 * The servlet {@link TestApplication} on Tomcat, or on Jetty when the build runs the servlet
	 * container tests again with {@code -Dstarter.test.server=jetty}.
	 */
	public static RunningApp start(String... properties) {
		return start(TestApplication.class,
				Stream.concat(Stream.of(servletContainer()), Stream.of(properties)).toArray(String[]::new));
	}

	/** Whether the servlet container tests run on Jetty in this build. */
	public static boolean onJetty() {
		return "jetty".equals(System.getProperty("starter.test.server"));
	}

	/** Leaves Jetty out, or Tomcat: both are on the test class path, and Tomcat would be chosen first. */
	private static String servletContainer() {
		return "spring.autoconfigure.exclude=" + (onJetty()
				? "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"
				: "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration");
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

	/**
	 * Serves requests until the JVM's class loading has settled, past the cold start in which
	 * work that would run on virtual threads runs on platform threads.
	 */
	public void awaitVirtualThreads() {
		await().atMost(PATIENCE).until(() -> {
			get("/thread");
			return arbiter().requestThreads().virtualNow();
		});
	}

	public HttpResponse<String> get(String path) {
		return getAsync(path).join();
	}

	public CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return this.client.sendAsync(request(path).GET().build(), BodyHandlers.ofString());
	}

	/** A GET whose body is read line by line as it arrives. */
	public HttpResponse<Stream<String>> getLines(String path) {
		return this.client.sendAsync(request(path).GET().build(), BodyHandlers.ofLines()).join();
	}

	/** A GET with headers, given as name, value, name, value... */
	public HttpResponse<String> get(String path, String... headers) {
		return this.client.sendAsync(request(path).headers(headers).GET().build(), BodyHandlers.ofString()).join();
	}

	/** Sends {@code count} requests at once and returns their answers, once all have come. */
	public List<HttpResponse<String>> getAll(String path, int count) {
		List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, count)
			.mapToObj((i) -> getAsync(path))
			.toList();
		return responses.stream().map(CompletableFuture::join).toList();
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

	/**
	 * Holds {@code count} requests on a path that waits for the probe's release, closes the
	 * application, and checks that the workers drain rather than drop them: every request is
	 * answered 200 once released, and the close then completes.
	 */
	public void assertCloseLetsHeldRequestsFinish(String path, int count) {
		Arbiter arbiter = arbiter();
		List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, count)
			.mapToObj((i) -> getAsync(path))
			.toList();
		await().atMost(PATIENCE).until(() -> probe().running.get() == count);

		Thread closing = Thread.ofPlatform().start(this.context::close);
		await().atMost(PATIENCE)
			.until(() -> arbiter.snapshot().workers().stream().allMatch((w) -> w.state() == WorkerState.DRAINING));
		// Released here rather than by close(), which waits for these to finish.
		probe().release.countDown();
		assertThat(inFlight).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
		try {
			closing.join(PATIENCE.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(closing.isAlive()).isFalse();
		close();
	}

	/**
	 * Checks what {@code max-requests} promises once every recycled worker has drained: each
	 * request served is counted once, the workers gone served at least the limit times their
	 * number, and no worker still serving has reached it. How many were recycled is not asserted:
	 * a worker keeps serving what its threads or connections took before its limit, and the
	 * container decides how requests spread.
	 */
	public void assertRecycledAt(long maxRequests, long served) {
		Arbiter arbiter = arbiter();
		await().atMost(PATIENCE).until(() -> {
			ArbiterSnapshot now = arbiter.snapshot();
			return now.retiring().isEmpty() && now.requests() == served;
		});
		ArbiterSnapshot snapshot = arbiter.snapshot();
		long recycled = snapshot.retired().count();
		int generations = snapshot.workers().stream().mapToInt(WorkerSnapshot::generation).sum();

		assertThat(snapshot.retired().workers()).containsOnlyKeys(ExitReason.MAX_REQUESTS);
		assertThat(recycled).isEqualTo(generations - snapshot.workers().size());
		assertThat(snapshot.retired().requests()).isGreaterThanOrEqualTo(recycled * maxRequests);
		assertThat(snapshot.workers()).allSatisfy((worker) -> assertThat(worker.requests()).isLessThan(maxRequests));
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
