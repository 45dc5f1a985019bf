package io.workermodel.worker;

/** A worker that a {@link HandOffPool} hands units of work to, one reserved unit of capacity each. */
abstract class HandOffWorker extends Worker {

	/** Where a worker's thread that finished a unit finds the next. */
	interface HandOff {

		/**
		 * The next unit for the worker, with the capacity it already holds; {@code null} when
		 * none waits, the capacity then given back.
		 */
		Runnable next(HandOffWorker worker);

	}

	private final HandOff handOff;

	HandOffWorker(Spawn spawn, int capacity, HandOff handOff) {
		super(spawn, capacity);
		this.handOff = handOff;
	}

	/**
	 * Gives a unit of work, for which a unit of this worker's capacity is reserved, to one of its
	 * threads. The thread then runs what waits in the pool's backlog with that capacity, as long as
	 * something does.
	 */
	abstract void start(Runnable work);

	/** Runs the unit and then, on the calling thread, whatever the pool hands this worker next. */
	final void runFrom(Runnable first) {
		for (Runnable work = first; work != null; work = this.handOff.next(this)) {
			run(work);
		}
	}

}
