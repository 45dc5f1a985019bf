package io.workermodel.worker;

/** Why a worker stopped. */
public enum ExitReason {

	/** It completed its share of requests ({@code max-requests} plus jitter) and was recycled. */
	MAX_REQUESTS,

	/** It served its {@code max-lifetime} plus jitter and was recycled. */
	MAX_LIFETIME,

	/** One of its requests ran past the timeout and was aborted. */
	TIMEOUT,

	/** An operator restarted it. */
	RESTART,

	/** A rolling reload replaced it. */
	RELOAD,

	/** The worker class was switched: a worker of the new class took its slot. */
	SWITCH,

	/** The number of workers went down and its slot went away. */
	SCALE_DOWN,

	/** The arbiter was closed, as when the application shuts down. */
	SHUTDOWN,

	/** Work it ran threw something the container did not handle. */
	CRASH

}
