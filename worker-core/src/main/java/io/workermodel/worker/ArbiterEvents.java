package io.workermodel.worker;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The arbiter's side of what workers report: a refused request is counted as shed, the listeners
 * hear of requests, the pinning report
 * learns which request runs on which virtual thread, the recycler queues workers that served
 * their share, and a worker that needs replacing is replaced.
 */
final class ArbiterEvents implements WorkerEvents {

	private final Shedding shedding;

	private final Listeners listeners;

	private final PinnedThreads pinned;

	private final Recycler recycler;

	private final BiConsumer<Worker, ExitReason> replacer;

	private final Consumer<WorkerRequest> outlived;

	/**
	 * @param replacer puts a fresh worker in a worker's slot, for a reason found on any thread
	 * @param outlived counts a request that ended after its worker had retired
	 */
	ArbiterEvents(Shedding shedding, Listeners listeners, PinnedThreads pinned, Recycler recycler,
			BiConsumer<Worker, ExitReason> replacer, Consumer<WorkerRequest> outlived) {
		this.shedding = shedding;
		this.listeners = listeners;
		this.pinned = pinned;
		this.recycler = recycler;
		this.replacer = replacer;
		this.outlived = outlived;
	}

	@Override
	public void admitted(WorkerRequest request) {
		this.pinned.running(request);
		this.listeners.beforeRequest(request);
	}

	@Override
	public void refused(WorkerRequest request) {
		this.shedding.shed(request.elapsedNanos());
	}

	@Override
	public void closed(WorkerRequest request) {
		this.listeners.afterRequest(request);
	}

	@Override
	public void closedAfterRetirement(WorkerRequest request) {
		this.outlived.accept(request);
	}

	/** Recycled in its turn, one worker at a time. */
	@Override
	public void servedItsShare(Worker worker) {
		this.recycler.due(worker);
	}

	@Override
	public void needsReplacing(Worker worker, ExitReason reason) {
		this.replacer.accept(worker, reason);
	}

}
