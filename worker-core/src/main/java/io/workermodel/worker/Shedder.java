package io.workermodel.worker;

import java.util.concurrent.RejectedExecutionException;

/**
 * What answers a unit of work, as its container handed it over, that no worker will run: it found
 * every worker at capacity and the backlog full, or it waited past {@code max-queue-time}. A
 * container integration supplies one that answers the client (an HTTP 503, say) instead of
 * dropping the connection; work submitted through {@link Dispatcher#submit} brings its own
 * answer instead.
 */
@FunctionalInterface
public interface Shedder {

	/** Refuses the work by throwing, as an {@link java.util.concurrent.Executor} may. */
	Shedder REJECT = (work) -> {
		throw new RejectedExecutionException("Every worker is busy and the backlog is full");
	};

	/**
	 * Deals with work no worker will run. Called on the dispatching thread when the backlog is
	 * full, on the arbiter's or a worker's thread when it waited too long: it must not block.
	 */
	void shed(Runnable work);

}
