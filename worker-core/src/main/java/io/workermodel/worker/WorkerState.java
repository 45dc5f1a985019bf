package io.workermodel.worker;

/** Where a worker is in its life. */
public enum WorkerState {

	/** Spawned; its threads are starting and it takes no work yet. */
	STARTING,

	/** Takes new work. */
	SERVING,

	/** Takes no new work and finishes what it has. */
	DRAINING,

	/** Gone: its threads have ended or been told to. */
	STOPPED

}
