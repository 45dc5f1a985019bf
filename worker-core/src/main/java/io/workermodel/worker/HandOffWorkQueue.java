package io.workermodel.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The queue of {@code virtual} workers, which have no threads waiting for work: each unit is
 * handed to the first serving worker with room, which starts a thread for it, else it waits in a
 * bounded backlog.
 */
final class HandOffWorkQueue implements WorkQueue {

	private final Dispatcher dispatcher;

	private final BlockingQueue<Runnable> backlog;

	private volatile boolean closed;

	HandOffWorkQueue(Dispatcher dispatcher, int backlog) {
		this.dispatcher = dispatcher;
		// A zero backlog holds nothing: a SynchronousQueue with no taker refuses every offer.
		this.backlog = (backlog > 0) ? new LinkedBlockingQueue<>(backlog) : new SynchronousQueue<>();
	}

	@Override
	public void add(Runnable work) {
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
			this.dispatcher.shed(work);
		}
	}

	@Override
	public int waiting() {
		return this.backlog.size();
	}

	@Override
	public void workersChanged() {
		drainBacklog();
	}

	/** The freed capacity goes to the backlog first. */
	@Override
	public void finished(Worker worker) {
		Runnable next = (worker.state() == WorkerState.SERVING) ? this.backlog.poll() : null;
		if (next != null) {
			worker.start(next);
			return;
		}
		worker.release();
		drainBacklog();
	}

	@Override
	public void close() {
		this.closed = true;
		for (Runnable work = this.backlog.poll(); work != null; work = this.backlog.poll()) {
			this.dispatcher.shed(work);
		}
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
	 * Reserves capacity on the first worker with room, so that light load stays on one worker,
	 * much as gunicorn's busiest worker keeps winning accept().
	 */
	private Worker reserve() {
		for (Worker candidate : this.dispatcher.workers()) {
			if (candidate.tryReserve()) {
				return candidate;
			}
		}
		return null;
	}

}
