package io.workermodel.worker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool of {@code reactive} workers. A reactive server hands them connections, through the
 * {@link ConnectionBalancer}, never units of work: there is nothing to queue, and a unit handed to
 * the dispatcher is refused.
 */
final class EventLoopPool extends WorkerPool<EventLoopWorker> {

	private final Spawner<EventLoopPool, EventLoopWorker> spawner;

	/** Loops of retired workers that still serve WebSockets, closed with the pool. */
	private final Set<WorkerLoop> retiredLoops = ConcurrentHashMap.newKeySet();

	EventLoopPool(String workerClass, Supervision supervision, PoolLimit limit, Recycling recycling,
			Spawner<EventLoopPool, EventLoopWorker> spawner) {
		super(workerClass, supervision, limit, recycling, new EventLoopWorker[0]);
		this.spawner = spawner;
	}

	@Override
	EventLoopWorker newWorker(Worker.Spawn spawn) {
		return this.spawner.spawn(spawn, this);
	}

	@Override
	void dispatch(Runnable work) {
		throw new UnsupportedOperationException(
				"Reactive workers take connections from their server, not units of work from a dispatcher");
	}

	@Override
	void submit(WaitingWork work) {
		dispatch(work);
	}

	@Override
	int waiting() {
		return 0;
	}

	@Override
	long oldestWaitNanos() {
		return 0;
	}

	@Override
	void expireWaiting() {
	}

	@Override
	void handOverTo(WorkerPool<?> next) {
	}

	/** Keeps a retired worker's loop, serving its WebSockets, until it ends or the pool closes. */
	void retired(WorkerLoop loop) {
		this.retiredLoops.add(loop);
		loop.retire().thenRun(() -> this.retiredLoops.remove(loop));
	}

	@Override
	void close() {
		this.retiredLoops.forEach(WorkerLoop::close);
	}

}
