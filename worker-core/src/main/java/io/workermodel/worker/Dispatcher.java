package io.workermodel.worker;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link Executor} a container hands its work to: the serving pool admits each unit onto a
 * worker, holds it in its bounded backlog while every worker is at capacity, and sheds it when the
 * backlog is full too. Never blocks its caller, which is typically a container's poller thread.
 * Reads the serving pool on each unit, so that a pool published whole, as a class switch does,
 * takes the next unit at once.
 */
public final class Dispatcher implements Executor {

	private final Supplier<WorkerPool<?>> pool;

	private final Shedding shedding;

	Dispatcher(Supplier<WorkerPool<?>> pool, Shedding shedding) {
		this.pool = pool;
		this.shedding = shedding;
	}

	@Override
	public void execute(Runnable work) {
		this.pool.get().dispatch(work);
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
