package io.workermodel.testapp;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Clients that each send a request, wait for its answer and send the next, until stopped: the
 * load under which a reload, restart or scale must not fail a request. Every answer other than
 * a 200, and every exception, is kept as a failure.
 */
public final class ClosedLoopClients {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong served = new AtomicLong();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final List<Thread> clients;

	public ClosedLoopClients(RunningApp app, int count, String path) {
		this.clients = IntStream.range(0, count).mapToObj((i) -> Thread.ofVirtual().start(() -> load(app, path))).toList();
	}

	/** Requests answered with a 200 so far. */
	public long served() {
		return this.served.get();
	}

	/** Waits until {@code more} requests beyond those served now have been answered with a 200. */
	public void awaitServed(long more) {
		long now = this.served.get();
		await().atMost(PATIENCE).until(() -> this.served.get() >= now + more);
	}

	/** Stops the clients once their requests in flight are answered, and returns what failed. */
	public List<String> stop() throws InterruptedException {
		this.running.set(false);
		for (Thread client : this.clients) {
			client.join(PATIENCE.toMillis());
		}
		return List.copyOf(this.failures);
	}

	private void load(RunningApp app, String path) {
		while (this.running.get()) {
			try {
				HttpResponse<String> response = app.get(path);
				if (response.statusCode() == 200) {
					this.served.incrementAndGet();
				}
				else {
					this.failures.add(response.statusCode() + " " + response.body());
				}
			}
			catch (RuntimeException ex) {
				this.failures.add(ex.toString());
			}
		}
	}

}
