package io.workermodel.worker;

/**
 * How units of work reach the workers' threads, and how many may wait: the dispatcher's half that
 * differs by class. A queue never blocks its caller; what it cannot take it sheds through the
 * dispatcher.
 */
interface WorkQueue {

	/** Takes a unit in, to run or to wait, or sheds it. */
	void add(Runnable work);

	/** Units of work waiting for a worker. */
	int waiting();

	/** Called once the set of serving workers has changed. */
	void workersChanged();

	/** Called on a worker's thread when a unit of work it ran ends. */
	void finished(Worker worker);

	/** From now on no worker will take work: sheds what waits and what comes. */
	void close();

}
