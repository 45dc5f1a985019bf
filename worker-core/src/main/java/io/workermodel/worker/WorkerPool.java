package io.workermodel.worker;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The workers of one class, by slot, and how units of work reach them: what dispatch serves. Each
 * kind of pool fills in how a unit is admitted, held and handed to a worker; all of them spread
 * the work so that under steady load every worker serves about the same share, and recycling,
 * restarts and per-worker meters mean something. Replacing or adding a worker publishes a new
 * array of workers, which dispatch reads without a lock. When the class is switched, a pool of
 * the new class serves and this one hands it what waits and what still reaches it, while its
 * workers drain. Its workers report to it: it learns from their requests, and passes what they
 * report on to the arbiter's side.
 */
abstract class WorkerPool<W extends Worker> implements WorkerEvents {

	private final String workerClass;

	private final Supervision supervision;

	private final PoolLimit limit;

	private final Recycling recycling;

	private volatile W[] workers;

	/**
	 * @param workerClass the name of the class whose workers the pool holds
	 * @param none an empty array of the pool's workers
	 */
	WorkerPool(String workerClass, Supervision supervision, PoolLimit limit, Recycling recycling, W[] none) {
		this.workerClass = workerClass;
		this.supervision = supervision;
		this.limit = limit;
		this.recycling = recycling;
		this.workers = none;
	}

	/** Makes a worker of the pool's class; the pool starts it. */
	interface Spawner<P, W> {

		W spawn(Worker.Spawn spawn, P pool);

	}

	abstract W newWorker(Worker.Spawn spawn);

	/**
	 * Admits a unit of work, as the container hands it over, onto a worker; or, while every
	 * worker is busy, holds it, passes it to the server's intake or sheds it.
	 */
	abstract void dispatch(Runnable work);

	/**
	 * Admits work whose request has been read onto a worker, or holds it while every worker is
	 * busy; refuses it when the backlog is full or once it has waited too long.
	 */
	abstract void submit(WaitingWork work);

	/** Units of work waiting for a worker. */
	abstract int waiting();

	/** How long the unit of work waiting longest has waited, in nanoseconds; 0 when none waits. */
	abstract long oldestWaitNanos();

	/** Refuses the work that has waited past the queue-time deadline. */
	abstract void expireWaiting();

	/** Hands what waits here, and whatever still reaches this pool, to the pool that took over. */
	abstract void handOverTo(WorkerPool<?> next);

	/** From now on no worker of this pool takes work: refuses what waits and what comes. */
	abstract void close();

	/** Called once the serving workers have changed. */
	void workersChanged() {
	}

	/** Whether a queue stands, as the backlog judges it; never for a pool with no backlog. */
	boolean queueStands() {
		return false;
	}

	/** How long the work waiting now takes to drain, in nanoseconds: 0 for a pool with no backlog. */
	long drainNanos() {
		return 0;
	}

	/** Learns how long a request that ended on one of the pool's workers ran, where a backlog needs it. */
	void served(long elapsedNanos) {
	}

	/** The serving workers, by slot. */
	final W[] workers() {
		return this.workers;
	}

	/**
	 * Spawns a worker in each slot from 1 to {@code count}, or in the slots beyond the present
	 * ones, and publishes them: they serve before any of those they follow stops.
	 * @param generations each new slot's generation, by slot
	 */
	final void grow(int count, IntUnaryOperator generations) {
		W[] next = Arrays.copyOf(this.workers, count);
		for (int slot = this.workers.length + 1; slot <= count; slot++) {
			next[slot - 1] = spawn(slot, generations.applyAsInt(slot));
		}
		publish(next);
	}

	/**
	 * Publishes the workers of the first {@code count} slots only.
	 * @return those that left their slots, to retire
	 */
	final List<Worker> shrink(int count) {
		W[] now = this.workers;
		publish(Arrays.copyOf(now, count));
		return List.of(Arrays.copyOfRange(now, count, now.length));
	}

	/** Spawns a fresh worker in the old one's slot and publishes it in its place. */
	final W replace(Worker old) {
		W fresh = spawn(old.id(), old.generation() + 1);
		W[] next = this.workers.clone();
		next[old.id() - 1] = fresh;
		publish(next);
		return fresh;
	}

	private W spawn(int slot, int generation) {
		W worker = newWorker(
				new Worker.Spawn(slot, generation, this.workerClass, this, this.recycling.requestLimit()));
		worker.boot(this.recycling.lifetimeEnd());
		return worker;
	}

	private void publish(W[] workers) {
		this.workers = workers;
		workersChanged();
	}

	/** Units of work running now, over the serving workers. */
	final int busy() {
		int busy = 0;
		for (Worker worker : this.workers) {
			busy += worker.busy();
		}
		return busy;
	}

	/** Units of work the serving workers can run at once. */
	final int capacity() {
		int capacity = 0;
		for (Worker worker : this.workers) {
			capacity += worker.capacity();
		}
		return capacity;
	}

	final Supervision supervision() {
		return this.supervision;
	}

	/** Answers a unit of work, as the container handed it over, that no worker will run. */
	final void answer(Runnable work) {
		this.supervision.shedding().answer(work);
	}

	final Shedding shedding() {
		return this.supervision.shedding();
	}

	final PoolLimit limit() {
		return this.limit;
	}

	/** Lets an adaptive limit start afresh once the pool has been quiet; on the arbiter's thread. */
	final void restLimit() {
		if (this.limit.adaptive()) {
			this.limit.forgetIfQuiet(System.nanoTime(), busy(), capacity());
		}
	}

	@Override
	public final void admitted(WorkerRequest request) {
		this.supervision.events().admitted(request);
	}

	@Override
	public final void refused(WorkerRequest request) {
		this.supervision.events().refused(request);
	}

	/** An adaptive limit and the backlog learn from each request that ends on one of the pool's workers. */
	@Override
	public final void closed(WorkerRequest request) {
		long elapsed = request.elapsedNanos();
		if (this.limit.adaptive()) {
			this.limit.sample(request.startNanos(), elapsed, busy());
		}
		served(elapsed);
		this.supervision.events().closed(request);
	}

	@Override
	public final void closedAfterRetirement(WorkerRequest request) {
		this.supervision.events().closedAfterRetirement(request);
	}

	@Override
	public final void servedItsShare(Worker worker) {
		this.supervision.events().servedItsShare(worker);
	}

	@Override
	public final void needsReplacing(Worker worker, ExitReason reason) {
		this.supervision.events().needsReplacing(worker, reason);
	}

}
