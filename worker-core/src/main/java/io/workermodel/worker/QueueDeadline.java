package io.workermodel.worker;

import java.time.Duration;

/**
 * How long work may wait for a worker before it is refused instead of run, since its client has
 * likely given up: what the backlog, the arbiter's sweep, a server's check of a proxy's queue stamp
 * and the health indicator all ask, so that the deadline is kept in one place. Beside it, the
 * shorter target past which the backlog expects work not to wait.
 */
public final class QueueDeadline {

	private final Duration limit;

	/** The limit in nanoseconds, read on every request's path; 0 for none. */
	private final long limitNanos;

	private final long targetNanos;

	/**
	 * @param limit the deadline, {@code max-queue-time}; zero for none
	 * @param target how long work is expected to wait at most, {@code queue-target}; zero for no
	 * such bound
	 */
	QueueDeadline(Duration limit, Duration target) {
		this.limit = limit;
		this.limitNanos = limit.toNanos();
		this.targetNanos = target.toNanos();
	}

	/** Whether there is a deadline at all: none lets work wait as long as the backlog holds it. */
	public boolean isSet() {
		return this.limitNanos > 0;
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
		return isSet() && waited.compareTo(this.limit.dividedBy(2)) >= 0;
	}

	/** How long work is expected to wait at most, in nanoseconds; 0 when only the deadline bounds it. */
	long targetNanos() {
		return this.targetNanos;
	}

	/** How often the arbiter sweeps the backlog for work past the deadline, in milliseconds. */
	long sweepMillis() {
		return CheckPeriod.millis(this.limit);
	}

	/** The deadline as people write it: {@code 1s}. */
	@Override
	public String toString() {
		return Durations.text(this.limit);
	}

}
