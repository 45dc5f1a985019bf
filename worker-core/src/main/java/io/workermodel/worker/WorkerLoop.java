package io.workermodel.worker;

import java.util.concurrent.CompletionStage;

/**
 * The event loop a {@code reactive} worker is: one thread that runs every connection given to it.
 * A reactive server's integration opens these, since their connections are the server's own.
 */
public interface WorkerLoop {

	/** Runs the task on the loop's thread, after what is already queued there. */
	void execute(Runnable task);

	/** The loop's thread, whose stack tells what blocks the loop. */
	Thread thread();

	/**
	 * Stops the loop's connections from carrying more requests: idle ones close now, busy ones
	 * after their current response. The worker is drained once every connection has closed.
	 */
	void drain();

	/**
	 * Closes whatever connections are left but its WebSockets, which it serves on until they
	 * close, and then ends the loop's thread.
	 * @return done once the loop has ended
	 */
	CompletionStage<Void> retire();

	/** Closes whatever connections are left and ends the loop's thread. */
	void close();

}
