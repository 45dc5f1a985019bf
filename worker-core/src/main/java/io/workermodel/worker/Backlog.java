package io.workermodel.worker;

import java.util.ArrayDeque;

/**
 * The work a pool holds while every worker is busy, oldest first, and how long each unit may wait.
 * An arrival expected to wait past the short {@linkplain QueueDeadline#targetNanos target}, by what
 * it waited already and how long the queue ahead of it takes to drain, is refused at once rather
 * than after waiting out {@code max-queue-time}, which stays the outer bound for what is held. A
 * queue that stands is held to the target by what it has seen too: an arrival behind work that
 * has waited longer is refused at once. So what is served is served soon, and what is not is told
 * so at once. What is held runs, however long it waited within the deadline: when it waited long,
 * it waited behind workers held by long requests, which free up together, and refusing it then
 * would leave them idle.
 * <p>
 * A queue starts to stand, as CoDel has it, when it has not emptied for an interval as long as the
 * target and work taken from it waited longer than the target: only work taken is evidence, since
 * work that waits behind workers held by long requests is a burst until a worker frees up. It stops
 * standing when a worker finds nothing waiting: an emptied queue that refills before any worker is
 * idle is the same overload coming back, as clients do that retry together. The target is never
 * shorter than a request's usual time on a worker: a queue that short is how a busy pool keeps its
 * workers fed, not congestion.
 */
final class Backlog {

	/** The weight of the newest request in the usual time on a worker. */
	private static final int SMOOTHING = 8;

	private final ArrayDeque<WaitingWork> queue = new ArrayDeque<>();

	/**
	 * Units held, written under the lock and read without it: every worker's thread asks whether
	 * work waits each time it finishes a unit.
	 */
	private volatile int held;

	/** Written under the lock, read without it by each worker that finds nothing waiting. */
	private volatile boolean standing;

	private final int bound;

	private final QueueDeadline deadline;

	/** When the queue last began to hold work, in {@link System#nanoTime()}; guarded by this. */
	private long filledNanos;

	/** A request's usual time on a worker, smoothed; 0 until one has ended. */
	private volatile long serviceNanos;

	/**
	 * @param bound the most units held; 0 holds none
	 */
	Backlog(int bound, QueueDeadline deadline) {
		this.bound = bound;
		this.deadline = deadline;
	}

	/**
	 * Holds the work unless the backlog is full, or it is likely to wait longer than it may.
	 * @param capacity units the pool runs at once, over which the queue drains
	 * @return whether it is held; if not, the caller refuses it
	 */
	synchronized boolean offer(WaitingWork work, int capacity, long now) {
		if (this.queue.size() >= this.bound || likelyToWaitTooLong(work, capacity, now)) {
			return false;
		}
		if (this.queue.isEmpty()) {
			this.filledNanos = now;
		}
		this.queue.addLast(work);
		this.held = this.queue.size();
		return true;
	}

	/** Takes the oldest unit; {@code null} when none waits. Judge it with {@link #pollLate} first. */
	synchronized WaitingWork poll(long now) {
		WaitingWork next = this.queue.pollFirst();
		if (next != null) {
			this.held = this.queue.size();
			long target = target();
			if (target > 0 && next.waitedNanos(now) > target && now - this.filledNanos > target) {
				this.standing = true;
			}
		}
		return next;
	}

	/**
	 * Takes the oldest unit if it has waited past the deadline.
	 * @return the unit, to refuse; {@code null} when the oldest may still run or none waits
	 */
	synchronized WaitingWork pollLate(long now) {
		WaitingWork oldest = this.queue.peekFirst();
		if (oldest == null) {
			return null;
		}
		long waited = oldest.waitedNanos(now);
		if (!this.deadline.passedBy(waited)) {
			return null;
		}
		this.queue.pollFirst();
		this.held = this.queue.size();
		return oldest;
	}

	/** A worker found nothing waiting: it has capacity to spare, so no queue stands. */
	void idle() {
		if (this.standing) {
			synchronized (this) {
				if (this.queue.isEmpty()) {
					this.standing = false;
				}
			}
		}
	}

	int size() {
		return this.held;
	}

	boolean isEmpty() {
		return this.held == 0;
	}

	/** How long the oldest unit has waited by {@code now}; 0 when none waits. */
	synchronized long oldestWaitNanos(long now) {
		WaitingWork oldest = this.queue.peekFirst();
		return (oldest != null) ? oldest.waitedNanos(now) : 0;
	}

	/** Whether a queue stands, so that work arriving behind work that waited past the target is refused. */
	boolean standing() {
		return this.standing;
	}

	/** Learns how long requests take on a worker. A lost update between two threads is harmless. */
	void served(long nanos) {
		long usual = this.serviceNanos;
		this.serviceNanos = (usual == 0) ? nanos : usual + (nanos - usual) / SMOOTHING;
	}

	/**
	 * How long the work held now takes to drain over {@code capacity} units at once: run, or
	 * refused at the deadline, so never longer than it.
	 */
	long drainNanos(int capacity) {
		return this.deadline.cap(size() * this.serviceNanos / Math.max(1, capacity));
	}

	/** How long the target is now: the setting, or a request's usual time on a worker if longer. */
	private long target() {
		long target = this.deadline.targetNanos();
		return (target > 0) ? Math.max(target, this.serviceNanos) : 0;
	}

	/**
	 * Whether work arriving now is likely to wait longer than it may: past the target (or, with
	 * none, past the deadline) by what it waited already, as a request read by the server's intake
	 * has, and how long the queue ahead of it takes to drain; or, while the queue stands, behind
	 * work that has waited longer than the target already. A queue no longer than what the workers
	 * run at once is held whatever the estimate: it drains in one of their rounds. Until a request
	 * has ended there is no estimate, and work waits as a burst does.
	 */
	private boolean likelyToWaitTooLong(WaitingWork work, int capacity, long now) {
		int ahead = this.queue.size();
		long target = target();
		if (ahead >= capacity) {
			long wait = work.waitedNanos(now) + (ahead + 1) * this.serviceNanos / Math.max(1, capacity);
			if ((target > 0) ? wait > target : this.deadline.passedBy(wait)) {
				return true;
			}
		}
		WaitingWork oldest = this.queue.peekFirst();
		return this.standing && oldest != null && oldest.waitedNanos(now) > target;
	}

}
