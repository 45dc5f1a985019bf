package io.workermodel.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool of the thread-based classes: each unit is handed to the serving worker with the fewest
 * units in hand (ties taken in turn), with one unit of its capacity reserved, else it waits in a
 * bounded backlog. A worker's thread that finishes a unit runs the next from the backlog with the
 * capacity it already holds. Under steady load every worker therefore serves about the same share,
 * and a worker never runs more than its capacity.
 */
final class HandOffPool<W extends HandOffWorker> extends WorkerPool<W> {

	private final Spawner<HandOffPool<W>, W> spawner;

	private final BlockingQueue<Runnable> backlog;

	/** Where the search for the least busy worker starts, so that ties rotate. */
	private final AtomicInteger cursor = new AtomicInteger();

	private volatile boolean closed;

	/** Where work goes once a pool of another class has taken over; null while this one serves. */
	private volatile Executor successor;

	/**
	 * @param none an empty array of the pool's workers
	 */
	HandOffPool(WorkerSettings settings, Supervision supervision, W[] none, Spawner<HandOffPool<W>, W> spawner) {
		super(settings, supervision, none);
		this.spawner = spawner;
		// A zero backlog holds nothing: a SynchronousQueue with no taker refuses every offer.
		this.backlog = (settings.backlog() > 0) ? new LinkedBlockingQueue<>(settings.backlog())
				: new SynchronousQueue<>();
	}

	@Override
	W newWorker(int slot, int generation) {
		return this.spawner.spawn(slot, generation, this);
	}

	@Override
	void dispatch(Runnable work) {
		W worker = reserve();
		if (worker != null) {
			worker.start(work);
		}
		else if (!hold(work)) {
			shed(work);
		}
	}

	/** The freed capacity goes to the backlog first. */
	private void finished(Worker worker) {
		worker.release();
		drainBacklog();
	}

	/**
	 * Called on a worker's thread when a unit of work ends: a serving worker takes the next unit
	 * from the backlog, on this thread, with the capacity it already holds.
	 * @return the unit, or {@code null} when none waits (its capacity is then given back)
	 */
	Runnable next(W worker) {
		Runnable next = (worker.state() == WorkerState.SERVING) ? this.backlog.poll() : null;
		if (next == null) {
			finished(worker);
		}
		return next;
	}

	@Override
	int waiting() {
		return this.backlog.size();
	}

	@Override
	void workersChanged() {
		drainBacklog();
	}

	@Override
	void handOverTo(Executor next) {
		this.successor = next;
		handOver();
	}

	@Override
	void close() {
		this.closed = true;
		for (Runnable work = this.backlog.poll(); work != null; work = this.backlog.poll()) {
			shed(work);
		}
	}

	/**
	 * Reserves one unit of capacity on the serving worker with the fewest units in hand; of
	 * equals, the first from a place that moves on each call.
	 * @return the worker, or {@code null} when every serving worker is at capacity
	 */
	private W reserve() {
		W[] all = workers();
		int count = all.length;
		int start = (count > 1) ? Math.floorMod(this.cursor.getAndIncrement(), count) : 0;
		while (true) {
			W chosen = null;
			int least = Integer.MAX_VALUE;
			for (int i = 0; i < count; i++) {
				W candidate = all[(start + i) % count];
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
	 * @return whether it is held (or passed on to the pool that took over); not when the backlog
	 * is full or the pool closed
	 */
	private boolean hold(Runnable work) {
		Executor next = this.successor;
		if (next != null) {
			next.execute(work);
			return true;
		}
		if (this.closed || !this.backlog.offer(work)) {
			return false;
		}
		if (this.closed) {
			// Held while closing: no worker will come for it.
			close();
		}
		else if (this.successor != null) {
			// Held while a pool of another class took over: it goes there.
			handOver();
		}
		else {
			// A worker may have freed up after reserve() looked at it.
			drainBacklog();
		}
		return true;
	}

	private void handOver() {
		for (Runnable work = this.backlog.poll(); work != null; work = this.backlog.poll()) {
			this.successor.execute(work);
		}
	}

	/**
	 * Moves backlog to free workers. Both sides call it after their own step (hold, release), so
	 * that work held while a worker was freeing up is never left waiting beside an idle worker.
	 */
	private void drainBacklog() {
		while (!this.backlog.isEmpty()) {
			W worker = reserve();
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
