package io.workermodel.worker;

/** Opens the event loop of each new {@code reactive} worker. */
@FunctionalInterface
public interface WorkerLoops {

	/**
	 * @param id the worker's slot
	 * @param generation the worker's generation in that slot
	 * @return a running loop, owned by the worker from now on
	 */
	WorkerLoop open(int id, int generation);

}
