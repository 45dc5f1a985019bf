package io.workermodel.worker;

import java.util.concurrent.RejectedExecutionException;

/**
 * What happens to work that arrives while every worker is at capacity and the backlog is full.
 * A container integration supplies one that answers the client (an HTTP 503, say) instead of
 * dropping the connection.
 */
@FunctionalInterface
public interface Shedder {

	/** Refuses the work by throwing, as an {@link java.util.concurrent.Executor} may. */
	Shedder REJECT = (work) -> {
		throw new RejectedExecutionException("Every worker is busy and the backlog is full");
	};

	/**
	 * Deals with work no worker will run. Called on the dispatching thread: it must not block.
	 */
	void shed(Runnable work);

}
