package io.workermodel.worker;

import java.time.Duration;

/**
 * How long work may wait for a worker before it is refused instead of run, since its client has
 * likely given up: what the backlog, the arbiter's sweep, a server's check of a proxy's queue stamp
 * and the health indicator all ask, so that the deadline is kept in one place. Beside it, the
 * shorter target the backlog holds work to while a queue stands.
 */
public final class QueueDeadline {

	private final Duration limit;

	/** The limit in nanoseconds, read on every request's path; 0 for none. */
	private final long limitNanos;

	private final long targetNanos;

	/**
	 * @param limit the deadline, {@code max-queue-time}; zero for none
	 * @param target how long work may wait while a queue stands, {@code queue-target}; zero for no
	 * such bound
	 */
	QueueDeadline(Duration limit, Duration target) {
		this.limit = limit;
		this.limitNanos = limit.toNanos();
		this.targetNanos = target.toNanos();
	}

	/** Whether anything bounds how long work waits: none lets it wait as long as the backlog holds it. */
	public boolean isSet() {
		return this.limitNanos > 0 || this.targetNanos > 0;
	}

	/** Whether work that has waited that long, in nanoseconds, is past the deadline. */
	public boolean passedBy(long waitedNanos) {
		return this.limitNanos > 0 && waitedNanos > this.limitNanos;
	}

	/** A wait, in nanoseconds, cut to the deadline: nothing waits longer than it, when there is one. */
	long cap(long waitNanos) {
		return (this.limitNanos > 0) ? Math.min(waitNanos, this.limitNanos) : waitNanos;
	}

	/** Whether work that has waited that long is halfway to the deadline or beyond it. */
	public boolean halfPassedBy(Duration waited) {
		return this.limitNanos > 0 && waited.compareTo(this.limit.dividedBy(2)) >= 0;
	}

	/** How long work may wait while a queue stands, in nanoseconds; 0 when only the deadline bounds it. */
	long targetNanos() {
		return this.targetNanos;
	}

	/**
	 * How often the arbiter sweeps the backlog for work waiting longer than it may, in
	 * milliseconds: often enough for the shorter of the two bounds.
	 */
	long sweepMillis() {
		long shorter = (this.limitNanos > 0 && this.targetNanos > 0) ? Math.min(this.limitNanos, this.targetNanos)
				: Math.max(this.limitNanos, this.targetNanos);
		return CheckPeriod.millis(Duration.ofNanos(shorter));
	}

	/** The deadline as people write it: {@code 1s}. */
	@Override
	public String toString() {
		return Durations.text(this.limit);
	}

}
