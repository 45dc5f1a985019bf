package io.workermodel.worker;

/** Why a worker stopped. */
public enum ExitReason {

	/** The arbiter was closed, as when the application shuts down. */
	SHUTDOWN

}
