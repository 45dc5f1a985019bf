package io.workermodel.worker;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link Executor} a container hands its work to: admits each unit onto the serving pool's
 * least busy worker, holds it in the pool's bounded backlog while every worker is at capacity,
 * and sheds it when the backlog is full too. Never blocks its caller, which is typically a
 * container's poller thread.
 */
public final class Dispatcher implements Executor {

	private final Supplier<WorkerPool> pool;

	private final Shedding shedding;

	Dispatcher(Supplier<WorkerPool> pool, Shedding shedding) {
		this.pool = pool;
		this.shedding = shedding;
	}

	@Override
	public void execute(Runnable work) {
		WorkerPool serving = this.pool.get();
		Worker worker = serving.reserve();
		if (worker != null) {
			worker.start(work);
		}
		else if (!serving.hold(work)) {
			this.shedding.shed(work);
		}
	}

	/** Units of work waiting for a worker. */
	public int backlog() {
		return this.pool.get().waiting();
	}

	/** Work shed so far, or refused by a worker at capacity. */
	public long shed() {
		return this.shedding.count();
	}

	/** Units of work running now, over all serving workers. */
	public int busy() {
		return this.pool.get().busy();
	}

	/** Units of work the serving workers can run at once. */
	public int capacity() {
		return this.pool.get().capacity();
	}

}
