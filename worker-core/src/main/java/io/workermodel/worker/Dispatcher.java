package io.workermodel.worker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link Executor} a container hands its work to: the serving pool admits each unit onto a
 * worker, holds it in its bounded backlog while every worker is at capacity (or passes it to the
 * server's intake to have its request read), and sheds it when the backlog is full too. Never
 * blocks its caller, which is typically a container's poller thread. Reads the serving pool on
 * each unit, so that a pool published whole, as a class switch does, takes the next unit at once.
 */
public final class Dispatcher implements Executor {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final Supplier<WorkerPool<?>> pool;

	private final Shedding shedding;

	/** Hears that work arrived: class loading counts as settled only once it has been quiet under work. */
	private final Runnable arrived;

	Dispatcher(Supplier<WorkerPool<?>> pool, Shedding shedding, Runnable arrived) {
		this.pool = pool;
		this.shedding = shedding;
		this.arrived = arrived;
	}

	@Override
	public void execute(Runnable work) {
		this.arrived.run();
		this.pool.get().dispatch(work);
	}

	/**
	 * Runs work whose request the server's intake has read on a worker, as soon as one has room;
	 * until then it waits in the backlog. Never blocks.
	 * @param work what runs on the worker
	 * @param refusal what answers the client instead, on whatever thread finds that no worker will
	 * run the work: at once when the backlog is full, or once it has waited past
	 * {@code max-queue-time}
	 * @param sinceNanos when the request began to wait, in {@link System#nanoTime()}: the
	 * deadline counts from there
	 */
	public void submit(Runnable work, Runnable refusal, long sinceNanos) {
		this.arrived.run();
		this.pool.get().submit(new WaitingWork(work, refusal, sinceNanos));
	}

	/** Units of work waiting for a worker. */
	public int backlog() {
		return this.pool.get().waiting();
	}

	/** Work shed so far, or refused by a worker at capacity. */
	public long shed() {
		return this.shedding.shedCount();
	}

	/** Work refused so far because it waited past {@code max-queue-time}. */
	public long expired() {
		return this.shedding.expiredCount();
	}

	/**
	 * Counts a request its server refused on arrival because it had waited past
	 * {@code max-queue-time} in front of the server already, in a proxy's queue say.
	 * @param waitedNanos how long it waited there
	 */
	public void countExpired(long waitedNanos) {
		this.shedding.expired(waitedNanos);
	}

	/**
	 * How long a client refused for overload now should wait before it tries again, in whole
	 * seconds and at least one: the time the work waiting now takes to drain, which is never longer
	 * than {@code max-queue-time}.
	 */
	public long retryAfterSeconds() {
		long drain = this.pool.get().drainNanos();
		return Math.max(1, (drain + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
	}

	/**
	 * Whether a queue stands now, so that work arriving behind work that waited past
	 * {@code queue-target} is refused at once.
	 */
	public boolean queueStands() {
		return this.pool.get().queueStands();
	}

	/** Units of work the serving workers may run at once now: their capacity, or an adaptive limit. */
	public int limit() {
		WorkerPool<?> serving = this.pool.get();
		return serving.limit().current(serving.capacity());
	}

	/** How long the unit of work waiting longest for a worker has waited; zero when none waits. */
	public Duration oldestWait() {
		return Duration.ofNanos(this.pool.get().oldestWaitNanos());
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
