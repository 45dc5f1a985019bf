package io.workermodel.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Executor} a container hands its work to. Never blocks its caller, which is typically
 * a container's poller thread. How a unit of work reaches a worker depends on the class:
 * <ul>
 * <li>The threads of {@code sync} and {@code gthread} workers take their work from one queue, as
 * gunicorn's worker processes take connections from one listening socket: whichever thread is
 * free takes the next unit, so no unit waits on one worker while another's thread is idle.
 * <li>{@code virtual} workers are handed each unit: the first serving worker with room gets it.
 * </ul>
 * Work that finds every worker busy waits in a bounded backlog; beyond that it is shed.
 */
public final class Dispatcher implements Executor {

	/** Whether the workers' own threads take work from {@link #queue} rather than being handed it. */
	private final boolean threadsTakeWork;

	/**
	 * Work not yet running. Where threads take work: every unit not yet taken, bounded by
	 * {@link #inHand}. Otherwise: units waiting while every worker is busy, bounded by itself.
	 */
	private final BlockingQueue<Runnable> queue;

	/** How many units may wait while every worker is busy. */
	private final int backlogLimit;

	/** Where threads take work: units accepted and not yet finished, running or queued. */
	private final AtomicInteger inHand = new AtomicInteger();

	private final Shedder shedder;

	private final LongAdder shed = new LongAdder();

	/** Where the search for the least connected reactive worker starts, so that ties rotate. */
	private final AtomicInteger cursor = new AtomicInteger();

	private volatile Worker[] workers = new Worker[0];

	private volatile boolean closed;

	Dispatcher(boolean threadsTakeWork, int backlog, Shedder shedder) {
		this.threadsTakeWork = threadsTakeWork;
		this.backlogLimit = backlog;
		if (threadsTakeWork) {
			this.queue = new LinkedBlockingQueue<>();
		}
		else {
			// A zero backlog holds nothing: a SynchronousQueue with no taker refuses every offer.
			this.queue = (backlog > 0) ? new LinkedBlockingQueue<>(backlog) : new SynchronousQueue<>();
		}
		this.shedder = shedder;
	}

	@Override
	public void execute(Runnable work) {
		if (this.threadsTakeWork) {
			enqueue(work);
			return;
		}
		Worker worker = reserve();
		if (worker != null) {
			worker.start(work);
		}
		else if (!this.closed && this.queue.offer(work)) {
			if (this.closed) {
				// Queued while closing: no worker will come for it.
				close();
			}
			else {
				// A worker may have freed up after reserve() looked at it.
				drainBacklog();
			}
		}
		else {
			shed(work);
		}
	}

	/** Units of work waiting for a worker. */
	public int backlog() {
		return this.queue.size();
	}

	/** Units of work shed so far. */
	public long shed() {
		return this.shed.sum();
	}

	/** Units of work running now, over all serving workers. */
	public int busy() {
		int busy = 0;
		for (Worker worker : this.workers) {
			busy += worker.busy();
		}
		return busy;
	}

	/** Units of work the serving workers can run at once. */
	public int capacity() {
		int capacity = 0;
		for (Worker worker : this.workers) {
			capacity += worker.capacity();
		}
		return capacity;
	}

	/**
	 * Assigns a new connection of a reactive server to the {@linkplain #leastConnected serving
	 * worker with the fewest}, and counts it there.
	 * @return the worker, or {@code null} when none is serving; the caller then closes the connection
	 */
	public EventLoopWorker openConnection() {
		EventLoopWorker chosen = leastConnected();
		if (chosen != null) {
			chosen.connectionOpened();
		}
		return chosen;
	}

	/**
	 * The serving reactive worker with the fewest open connections; of equals, the next in turn.
	 * @return the worker, or {@code null} when none is serving
	 */
	public EventLoopWorker leastConnected() {
		Worker[] all = this.workers;
		int count = all.length;
		int start = (count > 0) ? Math.floorMod(this.cursor.getAndIncrement(), count) : 0;
		EventLoopWorker chosen = null;
		for (int i = 0; i < count; i++) {
			if (all[(start + i) % count] instanceof EventLoopWorker candidate
					&& candidate.state() == WorkerState.SERVING
					&& (chosen == null || candidate.connections() < chosen.connections())) {
				chosen = candidate;
			}
		}
		return chosen;
	}

	Worker[] workers() {
		return this.workers;
	}

	/** Counts work that a worker refused by itself, as reactive workers at capacity do. */
	void countShed() {
		this.shed.increment();
	}

	void serve(Worker[] workers) {
		this.workers = workers;
		if (!this.threadsTakeWork) {
			drainBacklog();
		}
	}

	/**
	 * The next unit for a thread of a worker whose threads take their work, once there is one.
	 * The thread then {@linkplain Worker#claim claims} it, or puts it back.
	 */
	Runnable take() throws InterruptedException {
		return this.queue.take();
	}

	/** Returns a unit that a thread took but whose worker, retiring, no longer runs work. */
	void putBack(Runnable work) {
		this.queue.add(work);
		if (this.closed) {
			close();
		}
	}

	/**
	 * Called on a worker's thread when a unit of work ends. Where workers are handed work, the
	 * freed capacity goes to the backlog first.
	 */
	void finished(Worker worker) {
		if (this.threadsTakeWork) {
			worker.release();
			this.inHand.decrementAndGet();
			return;
		}
		Runnable next = (worker.state() == WorkerState.SERVING) ? this.queue.poll() : null;
		if (next != null) {
			worker.start(next);
			return;
		}
		worker.release();
		drainBacklog();
	}

	/** From now on no worker will take work: sheds what waits and what comes. */
	void close() {
		this.closed = true;
		for (Runnable work = this.queue.poll(); work != null; work = this.queue.poll()) {
			if (this.threadsTakeWork) {
				this.inHand.decrementAndGet();
			}
			shed(work);
		}
	}

	/**
	 * Queues a unit for the workers' threads, unless the units in hand already fill every serving
	 * worker and the backlog. Counted rather than bounded by the queue, since units wait there
	 * briefly even while threads are free.
	 */
	private void enqueue(Runnable work) {
		if (this.closed) {
			shed(work);
			return;
		}
		if (this.inHand.incrementAndGet() > capacity() + this.backlogLimit) {
			this.inHand.decrementAndGet();
			shed(work);
			return;
		}
		this.queue.add(work);
		if (this.closed) {
			// Queued while closing: no worker will come for it.
			close();
		}
	}

	private void shed(Runnable work) {
		this.shed.increment();
		this.shedder.shed(work);
	}

	/**
	 * Moves backlog to free workers. Both sides call it after their own step (offer, release), so
	 * that work queued while a worker was freeing up is never left waiting beside an idle worker.
	 */
	private void drainBacklog() {
		while (!this.queue.isEmpty()) {
			Worker worker = reserve();
			if (worker == null) {
				return;
			}
			Runnable next = this.queue.poll();
			if (next == null) {
				worker.release();
			}
			else {
				worker.start(next);
			}
		}
	}

	/**
	 * Reserves capacity on the first worker with room, so that light load stays on one worker,
	 * much as gunicorn's busiest worker keeps winning accept().
	 */
	private Worker reserve() {
		for (Worker candidate : this.workers) {
			if (candidate.tryReserve()) {
				return candidate;
			}
		}
		return null;
	}

}
