package io.workermodel.worker;

import java.time.Duration;

/**
 * Hears what happens to workers, as gunicorn's server hooks do. An exception thrown here is
 * logged and never harms a worker.
 */
public interface WorkerListener {

	/** A worker has started serving (gunicorn's {@code post_fork}). */
	default void workerStarted(WorkerSnapshot worker) {
	}

	/** A worker has stopped for good (gunicorn's {@code worker_exit}). */
	default void workerExited(WorkerSnapshot worker, ExitReason reason) {
	}

	/**
	 * A request ran past the timeout and its thread was interrupted (gunicorn's
	 * {@code worker_abort}). The worker is being replaced.
	 */
	default void workerAborted(WorkerSnapshot worker, WorkerRequest request) {
	}

	/**
	 * A {@code reactive} worker's loop has not run its heartbeat for longer than the blocked
	 * threshold: something on the loop blocks it. Called once per stall, on the arbiter's thread.
	 * @param stalledNanos how long the loop had been stalled when the stall was found
	 */
	default void loopBlocked(WorkerSnapshot worker, long stalledNanos) {
	}

	/**
	 * Every carrier of the virtual-thread scheduler is held: a virtual thread waited
	 * {@code waitedMillis} to be scheduled. Until they are free, {@code virtual} workers start new
	 * work on platform threads. Called once per starvation, on the arbiter's thread.
	 */
	default void carriersStarved(long waitedMillis) {
	}

	/**
	 * A virtual thread held its carrier, pinned, for longer than {@code worker.pinned-threshold}:
	 * heard on the flight recorder's thread, a second or so after the pin ended.
	 * @param request the request that ran on the thread, or {@code null} for a pin outside any
	 * @param pinned how long it held the carrier
	 */
	default void virtualThreadPinned(WorkerRequest request, Duration pinned) {
	}

	/**
	 * The worker class was switched: a worker of the new class serves in each slot, and those of
	 * the old class drain. Called before the new workers' {@link #workerStarted}.
	 */
	default void workerClassChanged(WorkerClass from, WorkerClass to) {
	}

	/**
	 * A unit of work was refused for overload instead of run: shed on arrival (the backlog full, a
	 * queue standing, a reactive worker at capacity) or refused after waiting longer than the
	 * backlog lets it. Called on the thread that refused it, which may be the server's own.
	 * @param waitedNanos how long it waited, from its arrival to its refusal
	 */
	default void workRefused(long waitedNanos) {
	}

	/** The number of workers changed (gunicorn's {@code nworkers_changed}). */
	default void workersChanged(int from, int to) {
	}

	/**
	 * Whether this listener hears {@link #beforeRequest} and {@link #afterRequest} even when request
	 * hooks are off: for a listener whose job is per request, such as a request timer. Those
	 * calls run on every request's path.
	 */
	default boolean hearsEveryRequest() {
		return false;
	}

	/**
	 * A request was admitted and is about to run (gunicorn's {@code pre_request}). Called on the
	 * request's thread, when request hooks are switched on or this listener
	 * {@linkplain #hearsEveryRequest hears every request}.
	 */
	default void beforeRequest(WorkerRequest request) {
	}

	/**
	 * A request has ended with its {@linkplain WorkerRequest#status() status} (gunicorn's
	 * {@code post_request}), before its worker counts it. Called on the thread that ended it, when
	 * request hooks are switched on or this listener hears every request.
	 */
	default void afterRequest(WorkerRequest request) {
	}

}
