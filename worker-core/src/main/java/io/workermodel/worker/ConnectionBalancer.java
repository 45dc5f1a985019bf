package io.workermodel.worker;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a reactive server's new connection goes: to the serving event-loop worker with the fewest
 * open connections, ties taken in turn. Requests on a connection are read by the loop it is
 * registered on, so the loop is chosen once, at accept. Workers join when they start and leave
 * when they begin to drain, so that a retiring loop gets no new connection.
 */
public final class ConnectionBalancer {

	/** Copied on write: read without a lock on every new connection. */
	private volatile EventLoopWorker[] serving = new EventLoopWorker[0];

	private final AtomicInteger cursor = new AtomicInteger();

	/**
	 * Assigns a new connection to the {@linkplain #leastConnected serving worker with the fewest},
	 * and counts it there.
	 * @return the worker, or {@code null} when none is serving; the caller then closes the connection
	 */
	public EventLoopWorker open() {
		EventLoopWorker chosen = leastConnected();
		if (chosen != null) {
			chosen.connectionOpened();
		}
		return chosen;
	}

	/**
	 * The serving worker with the fewest open connections; of equals, the next in turn.
	 * @return the worker, or {@code null} when none is serving
	 */
	public EventLoopWorker leastConnected() {
		EventLoopWorker[] all = this.serving;
		int count = all.length;
		int start = (count > 1) ? Math.floorMod(this.cursor.getAndIncrement(), count) : 0;
		EventLoopWorker chosen = null;
		for (int i = 0; i < count; i++) {
			EventLoopWorker candidate = all[(start + i) % count];
			if (candidate.state() == WorkerState.SERVING
					&& (chosen == null || candidate.connections() < chosen.connections())) {
				chosen = candidate;
			}
		}
		return chosen;
	}

	synchronized void join(EventLoopWorker worker) {
		EventLoopWorker[] joined = Arrays.copyOf(this.serving, this.serving.length + 1);
		joined[joined.length - 1] = worker;
		this.serving = joined;
	}

	synchronized void leave(EventLoopWorker worker) {
		this.serving = Arrays.stream(this.serving).filter((other) -> other != worker).toArray(EventLoopWorker[]::new);
	}

}
