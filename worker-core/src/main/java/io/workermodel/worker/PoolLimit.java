package io.workermodel.worker;

import com.netflix.concurrency.limits.Limit;

/**
 * How many units of work a pool lets run at once now: its workers' capacity, or an adaptive limit
 * below it that learns from every request's latency.
 */
final class PoolLimit {

	/** The adaptive limit; null for a fixed one. */
	private final Limit adaptive;

	/**
	 * @param algorithm the algorithm, resolved for the pool's class
	 * @param initial units the pool's workers can run at once now
	 * @param largest units they can run at once when scaled to their most: above it a limit would
	 * never bind
	 */
	PoolLimit(ConcurrencyLimit algorithm, int initial, int largest) {
		this.adaptive = algorithm.create(initial, largest);
	}

	/** Whether the limit moves, and so may bind below the capacity. */
	boolean adaptive() {
		return this.adaptive != null;
	}

	/** Whether one more unit may start beside the {@code busy} running now. */
	boolean admits(int busy) {
		return this.adaptive == null || busy < this.adaptive.getLimit();
	}

	/** The limit now, for a pool whose workers can run {@code capacity} units at once. */
	int current(int capacity) {
		return (this.adaptive != null) ? Math.min(capacity, this.adaptive.getLimit()) : capacity;
	}

	/**
	 * Lets an {@linkplain #adaptive adaptive} limit learn from a request that ended after running
	 * {@code rttNanos} beside {@code inFlight} others.
	 */
	void sample(long startNanos, long rttNanos, int inFlight) {
		this.adaptive.onSample(startNanos, rttNanos, inFlight, false);
	}

}
