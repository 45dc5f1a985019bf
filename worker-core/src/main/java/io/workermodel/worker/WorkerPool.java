package io.workermodel.worker;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * The workers of one class, by slot, and how units of work reach them: what dispatch serves. Each
 * kind of pool fills in how a unit is admitted, held and handed to a worker; all of them spread
 * the work so that under steady load every worker serves about the same share, and recycling,
 * restarts and per-worker meters mean something. Replacing or adding a worker publishes a new
 * array of workers, which dispatch reads without a lock. When the class is switched, a pool of
 * the new class serves and this one hands it what waits and what still reaches it, while its
 * workers drain.
 */
abstract class WorkerPool<W extends Worker> {

	private final WorkerSettings settings;

	private final Supervision supervision;

	private final PoolLimit limit;

	private volatile W[] workers;

	/**
	 * @param none an empty array of the pool's workers
	 */
	WorkerPool(WorkerSettings settings, Supervision supervision, W[] none) {
		this.settings = settings;
		this.supervision = supervision;
		this.limit = new PoolLimit(settings);
		this.workers = none;
	}

	/** Makes a worker of the pool's class; the pool starts it. */
	interface Spawner<P, W> {

		W spawn(int id, int generation, P pool);

	}

	abstract W newWorker(int slot, int generation);

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
		W worker = newWorker(slot, generation);
		worker.boot();
		return worker;
	}

	private void publish(W[] workers) {
		this.workers = workers;
		workersChanged();
	}

	final WorkerClass workerClass() {
		return this.settings.workerClass();
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

	final Listeners listeners() {
		return this.supervision.listeners();
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

	/** Lets an adaptive limit learn from a request that ended on one of the pool's workers. */
	final void requestClosed(WorkerRequest request) {
		if (this.limit.adaptive()) {
			this.limit.sample(request.startNanos(), request.elapsedNanos(), busy());
		}
	}

	/** When a worker booting now has served its max-lifetime plus its own jitter; 0 for never. */
	final long lifetimeEnd() {
		if (this.settings.maxLifetime().isZero()) {
			return 0;
		}
		long jitter = this.settings.maxLifetimeJitter().toNanos();
		return System.nanoTime() + this.settings.maxLifetime().toNanos()
				+ ((jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
	}

	/** Requests after which a new worker asks to be recycled: max-requests plus its own jitter. */
	final long requestLimit() {
		if (this.settings.maxRequests() == 0) {
			return 0;
		}
		return this.settings.maxRequests() + ThreadLocalRandom.current().nextLong(this.settings.maxRequestsJitter() + 1);
	}

}
