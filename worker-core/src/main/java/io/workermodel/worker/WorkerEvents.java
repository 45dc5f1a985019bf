package io.workermodel.worker;

/**
 * What a worker reports, and all it reports to: the requests it admits, refuses and closes, and
 * when it needs replacing. A worker knows nothing of its pool, the arbiter or the listeners
 * behind this; its pool hears first (its limit learns from each request) and passes each event on
 * to the arbiter's side.
 */
interface WorkerEvents {

	/** The request was admitted and is about to run on the calling thread. */
	void admitted(WorkerRequest request);

	/** The worker took no more requests, or none beyond its capacity: the request is refused. */
	void refused(WorkerRequest request);

	/** The request ended; heard before the worker counts it. */
	void closed(WorkerRequest request);

	/** The request ended after its worker had retired and been counted, as a stream holding no thread may. */
	void closedAfterRetirement(WorkerRequest request);

	/** The worker has served its max-requests: it wants recycling, in its turn. */
	void servedItsShare(Worker worker);

	/** The worker should be replaced for the reason: a crash, a timeout. */
	void needsReplacing(Worker worker, ExitReason reason);

}
