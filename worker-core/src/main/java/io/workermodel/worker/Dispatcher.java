package io.workermodel.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Executor} a container hands its work to. Puts each unit of work on a serving worker
 * with free capacity, else holds it in a bounded backlog, else sheds it. Never blocks its caller,
 * which is typically a container's poller thread.
 */
public final class Dispatcher implements Executor {

	private final BlockingQueue<Runnable> backlog;

	private final Shedder shedder;

	private final LongAdder shed = new LongAdder();

	/** Where the search for the least connected reactive worker starts, so that ties rotate. */
	private final AtomicInteger cursor = new AtomicInteger();

	private volatile Worker[] workers = new Worker[0];

	private volatile boolean closed;

	Dispatcher(int backlog, Shedder shedder) {
		// A zero backlog holds nothing: a SynchronousQueue with no taker refuses every offer.
		this.backlog = (backlog > 0) ? new LinkedBlockingQueue<>(backlog) : new SynchronousQueue<>();
		this.shedder = shedder;
	}

	@Override
	public void execute(Runnable work) {
		Worker worker = reserve();
		if (worker != null) {
			worker.start(work);
		}
		else if (!this.closed && this.backlog.offer(work)) {
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
		return this.backlog.size();
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
		drainBacklog();
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

	/** From now on no worker will take work: sheds what waits and what comes. */
	void close() {
		this.closed = true;
		for (Runnable work = this.backlog.poll(); work != null; work = this.backlog.poll()) {
			shed(work);
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

	/**
	 * Reserves capacity on the first worker with room, so that light load stays on one worker's
	 * threads, much as gunicorn's busiest worker keeps winning accept(). Spreading work round the
	 * workers cost a fifth of the throughput on /hello (docs/benchmarks/analysis.md).
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
