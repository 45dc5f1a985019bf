package io.workermodel.worker;

import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;

/**
 * How many units of work a pool lets run at once now: its workers' capacity, or an adaptive limit
 * below it that learns from every request's latency, and forgets it after a quiet period.
 */
final class PoolLimit {

	/**
	 * How long a pool runs nothing before an adaptive limit starts afresh at the capacity: what it
	 * learned described a load that has gone, and a pool after a quiet spell must serve the burst it
	 * was sized for, as a fresh one does.
	 */
	static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final ConcurrencyLimit algorithm;

	private final int largest;

	/** The adaptive limit; null for a fixed one. Replaced, never by null, when it starts afresh. */
	private volatile Limit adaptive;

	/** When the last request the limit learned from ended, in {@link System#nanoTime()}. */
	private volatile long lastEndNanos = System.nanoTime();

	/**
	 * @param algorithm the algorithm, resolved for the pool's class
	 * @param initial units the pool's workers can run at once now
	 * @param largest units they can run at once when scaled to their most: above it a limit would
	 * never bind
	 */
	PoolLimit(ConcurrencyLimit algorithm, int initial, int largest) {
		this.algorithm = algorithm;
		this.largest = largest;
		this.adaptive = algorithm.create(initial, largest);
	}

	/** Whether the limit moves, and so may bind below the capacity. */
	boolean adaptive() {
		return this.adaptive != null;
	}

	/** Whether one more unit may start beside the {@code busy} running now. */
	boolean admits(int busy) {
		Limit limit = this.adaptive;
		return limit == null || busy < limit.getLimit();
	}

	/** The limit now, for a pool whose workers can run {@code capacity} units at once. */
	int current(int capacity) {
		Limit limit = this.adaptive;
		return (limit != null) ? Math.min(capacity, limit.getLimit()) : capacity;
	}

	/**
	 * Lets an {@linkplain #adaptive adaptive} limit learn from a request that ended after running
	 * {@code rttNanos} beside {@code inFlight} others.
	 */
	void sample(long startNanos, long rttNanos, int inFlight) {
		this.lastEndNanos = startNanos + rttNanos;
		this.adaptive.onSample(startNanos, rttNanos, inFlight, false);
	}

	/**
	 * Starts an adaptive limit afresh at {@code capacity} if nothing runs and nothing has ended
	 * for the {@linkplain #QUIET_NANOS quiet period} by {@code now}.
	 */
	void forgetIfQuiet(long now, int busy, int capacity) {
		Limit limit = this.adaptive;
		if (limit != null && busy == 0 && now - this.lastEndNanos > QUIET_NANOS && limit.getLimit() < capacity) {
			this.adaptive = this.algorithm.create(capacity, this.largest);
		}
	}

}
