package io.workermodel.worker;

/**
 * Hears what happens to workers, as gunicorn's server hooks do. Called on the arbiter's thread; an
 * exception thrown here is logged and never harms a worker.
 */
public interface WorkerListener {

	/** A worker has started serving. */
	default void workerStarted(WorkerSnapshot worker) {
	}

	/** A worker has stopped for good. */
	default void workerExited(WorkerSnapshot worker, ExitReason reason) {
	}

}
