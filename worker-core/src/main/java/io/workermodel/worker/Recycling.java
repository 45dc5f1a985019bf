package io.workermodel.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When each new worker asks to be recycled: after max-requests and after max-lifetime, each plus
 * the worker's own draw of jitter, so that workers booted together are not recycled together.
 */
record Recycling(long maxRequests, long maxRequestsJitter, Duration maxLifetime, Duration maxLifetimeJitter) {

	/** Requests after which a new worker asks to be recycled; 0 for never. */
	long requestLimit() {
		if (this.maxRequests == 0) {
			return 0;
		}
		return this.maxRequests + ThreadLocalRandom.current().nextLong(this.maxRequestsJitter + 1);
	}

	/** How often the recycler looks for workers past their lifetime, in milliseconds; 0 for never. */
	long lifetimeSweepMillis() {
		return this.maxLifetime.isZero() ? 0 : CheckPeriod.millis(this.maxLifetime);
	}

	/** When a worker booting now has served its lifetime, in {@link System#nanoTime()}; 0 for never. */
	long lifetimeEnd() {
		if (this.maxLifetime.isZero()) {
			return 0;
		}
		long jitter = this.maxLifetimeJitter.toNanos();
		return System.nanoTime() + this.maxLifetime.toNanos()
				+ ((jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
	}

}
