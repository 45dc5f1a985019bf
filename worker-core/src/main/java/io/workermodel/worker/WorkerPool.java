package io.workermodel.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers of one class, by slot, and the backlog of work waiting for them: what dispatch
 * serves. A unit of work goes to the serving worker with the fewest units in hand, ties taken in
 * turn, so that under steady load every worker serves about the same share (and recycling,
 * restarts and per-worker meters mean something); a worker runs at most its capacity. A worker
 * that finishes a unit takes the next from the backlog with the capacity it already holds.
 * Replacing or adding a worker publishes a new array of workers, which dispatch reads without a
 * lock; a pool of another class can serve beside this one while its workers drain.
 */
final class WorkerPool {

	private final WorkerSettings settings;

	private final Supervision supervision;

	private final BlockingQueue<Runnable> backlog;

	/** Where the search for the least busy worker starts, so that ties rotate. */
	private final AtomicInteger cursor = new AtomicInteger();

	private volatile Worker[] workers = new Worker[0];

	private volatile boolean closed;

	WorkerPool(WorkerSettings settings, Supervision supervision) {
		this.settings = settings;
		this.supervision = supervision;
		// A zero backlog holds nothing: a SynchronousQueue with no taker refuses every offer.
		this.backlog = (settings.backlog() > 0) ? new LinkedBlockingQueue<>(settings.backlog())
				: new SynchronousQueue<>();
	}

	WorkerClass workerClass() {
		return this.settings.workerClass();
	}

	/** Spawns a worker of the pool's class and starts it; it serves once published. */
	Worker spawn(int slot, int generation) {
		Worker worker = this.settings.workerClass().spawn(slot, generation, this.settings, this);
		worker.boot();
		return worker;
	}

	/** The serving workers, by slot. */
	Worker[] workers() {
		return this.workers;
	}

	/** Publishes the serving workers, and hands them what waits. */
	void serve(Worker[] workers) {
		this.workers = workers;
		drainBacklog();
	}

	/**
	 * Reserves one unit of capacity on the serving worker with the fewest units in hand; of
	 * equals, the first from a place that moves on each call.
	 * @return the worker, or {@code null} when every serving worker is at capacity
	 */
	Worker reserve() {
		Worker[] all = this.workers;
		int count = all.length;
		int start = (count > 1) ? Math.floorMod(this.cursor.getAndIncrement(), count) : 0;
		while (true) {
			Worker chosen = null;
			int least = Integer.MAX_VALUE;
			for (int i = 0; i < count; i++) {
				Worker candidate = all[(start + i) % count];
				int busy = candidate.busy();
				if (busy < least && busy < candidate.capacity() && candidate.state() == WorkerState.SERVING) {
					chosen = candidate;
					least = busy;
				}
			}
			if (chosen == null || chosen.tryReserve(false)) {
				return chosen;
			}
			// Another caller took its last unit, or it began to drain: look again.
		}
	}

	/**
	 * Holds a unit of work until a worker frees up.
	 * @return whether it is held; not when the backlog is full or the pool closed
	 */
	boolean hold(Runnable work) {
		if (this.closed || !this.backlog.offer(work)) {
			return false;
		}
		if (this.closed) {
			// Held while closing: no worker will come for it.
			close();
		}
		else {
			// A worker may have freed up after reserve() looked at it.
			drainBacklog();
		}
		return true;
	}

	/** Called on a worker's thread when a unit of work ends: the freed capacity goes to the backlog first. */
	void finished(Worker worker) {
		Runnable next = (worker.state() == WorkerState.SERVING) ? this.backlog.poll() : null;
		if (next != null) {
			worker.start(next);
			return;
		}
		worker.release();
		drainBacklog();
	}

	/** Units of work waiting for a worker. */
	int waiting() {
		return this.backlog.size();
	}

	/** Units of work running now, over the serving workers. */
	int busy() {
		int busy = 0;
		for (Worker worker : this.workers) {
			busy += worker.busy();
		}
		return busy;
	}

	/** Units of work the serving workers can run at once. */
	int capacity() {
		int capacity = 0;
		for (Worker worker : this.workers) {
			capacity += worker.capacity();
		}
		return capacity;
	}

	/** From now on no worker of this pool takes work: sheds what waits and what comes. */
	void close() {
		this.closed = true;
		for (Runnable work = this.backlog.poll(); work != null; work = this.backlog.poll()) {
			this.supervision.shedding().shed(work);
		}
	}

	Supervision supervision() {
		return this.supervision;
	}

	Listeners listeners() {
		return this.supervision.listeners();
	}

	/** Counts a request that one of the pool's workers refused by itself. */
	void refused() {
		this.supervision.shedding().refused();
	}

	void replace(Worker worker, ExitReason reason) {
		this.supervision.replacer().accept(worker, reason);
	}

	/** Requests after which a new worker asks to be recycled: max-requests plus its own jitter. */
	long requestLimit() {
		if (this.settings.maxRequests() == 0) {
			return 0;
		}
		return this.settings.maxRequests() + ThreadLocalRandom.current().nextLong(this.settings.maxRequestsJitter() + 1);
	}

	/**
	 * Moves backlog to free workers. Both sides call it after their own step (hold, release), so
	 * that work held while a worker was freeing up is never left waiting beside an idle worker.
	 */
	private void drainBacklog() {
		while (!this.backlog.isEmpty()) {
			Worker worker = reserve();
			if (worker == null) {
				return;
			}
			Runnable next = this.backlog.poll();
			if (next == null) {
				worker.release();
			}
			else {
				worker.start(next);
			}
		}
	}

}
