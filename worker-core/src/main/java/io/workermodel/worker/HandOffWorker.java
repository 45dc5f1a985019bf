package io.workermodel.worker;

/** A worker that a {@link HandOffPool} hands units of work to, one reserved unit of capacity each. */
abstract class HandOffWorker extends Worker {

	HandOffWorker(int id, int generation, int capacity, WorkerPool<?> pool) {
		super(id, generation, capacity, pool);
	}

	/**
	 * Gives a unit of work, for which a unit of this worker's capacity is reserved, to one of its
	 * threads. The thread then runs what waits in the pool's backlog with that capacity, as long as
	 * something does.
	 */
	abstract void start(Runnable work);

}
