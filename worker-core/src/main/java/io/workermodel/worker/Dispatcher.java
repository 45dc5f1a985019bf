package io.workermodel.worker;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link Executor} a container hands its work to. Never blocks its caller, which is typically
 * a container's poller thread. How a unit of work reaches a worker depends on the class: the
 * threads of {@code sync} and {@code gthread} workers take it from one {@linkplain SharedWorkQueue
 * shared queue}; {@code virtual} workers are {@linkplain HandOffWorkQueue handed} it. Work that
 * finds every worker busy waits in a bounded backlog; beyond that it is shed.
 */
public final class Dispatcher implements Executor {

	private final WorkQueue queue;

	private final Shedder shedder;

	private final LongAdder shed = new LongAdder();

	/** Where the search for the least connected reactive worker starts, so that ties rotate. */
	private final AtomicInteger cursor = new AtomicInteger();

	private volatile Worker[] workers = new Worker[0];

	Dispatcher(boolean threadsTakeWork, int backlog, Shedder shedder) {
		this.queue = threadsTakeWork ? new SharedWorkQueue(this, backlog) : new HandOffWorkQueue(this, backlog);
		this.shedder = shedder;
	}

	@Override
	public void execute(Runnable work) {
		this.queue.add(work);
	}

	/** Units of work waiting for a worker. */
	public int backlog() {
		return this.queue.waiting();
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
		this.queue.workersChanged();
	}

	/** The queue the threads of {@code sync} and {@code gthread} workers take their work from. */
	SharedWorkQueue sharedQueue() {
		return (SharedWorkQueue) this.queue;
	}

	/** Called on a worker's thread when a unit of work ends. */
	void finished(Worker worker) {
		this.queue.finished(worker);
	}

	/** From now on no worker will take work: sheds what waits and what comes. */
	void close() {
		this.queue.close();
	}

	/** Counts work that no worker will run, and hands it to the shedder to answer. */
	void shed(Runnable work) {
		this.shed.increment();
		this.shedder.shed(work);
	}

}
