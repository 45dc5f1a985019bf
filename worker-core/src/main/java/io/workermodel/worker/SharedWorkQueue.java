package io.workermodel.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue of {@code sync} and {@code gthread} workers: one queue that the threads of every
 * worker take from, as gunicorn's worker processes take connections from one listening socket.
 * Whichever thread is free takes the next unit, so no unit waits on one worker while another's
 * thread is idle (a queue per worker cost gthread about 6 % of Tomcat's throughput on /hello, in
 * system calls: see docs/benchmarks/analysis.md). A thread {@linkplain Worker#claim claims} what
 * it takes on its own worker, or puts it back when that worker retires.
 */
final class SharedWorkQueue implements WorkQueue {

	private final Dispatcher dispatcher;

	/**
	 * Every unit not yet taken; bounded by {@link #inHand}, not by its own capacity, since units
	 * wait here briefly even while threads are free.
	 */
	private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

	/** How many units may wait while every thread is busy. */
	private final int backlog;

	/** Units accepted and not yet finished, running or queued. */
	private final AtomicInteger inHand = new AtomicInteger();

	private volatile boolean closed;

	SharedWorkQueue(Dispatcher dispatcher, int backlog) {
		this.dispatcher = dispatcher;
		this.backlog = backlog;
	}

	/** Queues the unit, unless the units in hand already fill every serving worker and the backlog. */
	@Override
	public void add(Runnable work) {
		if (this.closed) {
			this.dispatcher.shed(work);
			return;
		}
		if (this.inHand.incrementAndGet() > this.dispatcher.capacity() + this.backlog) {
			this.inHand.decrementAndGet();
			this.dispatcher.shed(work);
			return;
		}
		this.queue.add(work);
		if (this.closed) {
			// Queued while closing: no worker will come for it.
			close();
		}
	}

	/** The next unit, once there is one; the thread then claims it, or puts it back. */
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

	@Override
	public int waiting() {
		return this.queue.size();
	}

	@Override
	public void workersChanged() {
		// Threads of the new workers take from the queue by themselves.
	}

	@Override
	public void finished(Worker worker) {
		worker.release();
		this.inHand.decrementAndGet();
	}

	@Override
	public void close() {
		this.closed = true;
		for (Runnable work = this.queue.poll(); work != null; work = this.queue.poll()) {
			this.inHand.decrementAndGet();
			this.dispatcher.shed(work);
		}
	}

}
