package io.workermodel.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code reactive} worker: one event loop, as gunicorn's tornado worker is. Connections, not
 * units of work, are handed to it: each new one goes to the serving worker with the fewest, and a
 * retiring worker is drained once its last connection has closed. Its capacity bounds the
 * requests in flight on its connections. A heartbeat posted to the loop tells whether something
 * blocks it.
 */
public final class EventLoopWorker extends Worker {

	private final WorkerLoops loops;

	private final AtomicInteger connections = new AtomicInteger();

	private final LongAdder blocked = new LongAdder();

	private volatile WorkerLoop loop;

	/** When the pending heartbeat was posted, or 0 when it has run. */
	private volatile long heartbeatPostedAt;

	/** Whether the current stall has been reported; the arbiter's thread only. */
	private boolean stallReported;

	EventLoopWorker(int id, int generation, int connections, Arbiter arbiter, WorkerLoops loops) {
		super(id, generation, connections, arbiter);
		this.loops = loops;
	}

	/** The loop this worker is. */
	public WorkerLoop loop() {
		return this.loop;
	}

	/**
	 * Admits a request that arrived on one of this worker's connections, if fewer than its capacity
	 * are in flight. A retiring worker still answers what comes on the connections it has.
	 * @return whether the request may run; if so, {@link #requestEnded} must follow
	 */
	public boolean tryAdmit() {
		if (tryReserve(true)) {
			return true;
		}
		arbiter().dispatcher().countShed();
		return false;
	}

	/** Frees the capacity an admitted request held. */
	public void requestEnded() {
		release();
	}

	/** Counts one of its connections as closed, on whatever thread saw it close. */
	public void connectionClosed() {
		this.connections.decrementAndGet();
		if (state() == WorkerState.DRAINING) {
			checkDrained();
		}
	}

	void connectionOpened() {
		this.connections.incrementAndGet();
	}

	@Override
	int connections() {
		return this.connections.get();
	}

	@Override
	long blocked() {
		return this.blocked.sum();
	}

	@Override
	boolean isIdle() {
		return super.isIdle() && this.connections.get() == 0;
	}

	/**
	 * Checks the heartbeat, on the arbiter's thread: posts one if none is pending, and reports a
	 * pending one that has waited past the threshold, once per stall.
	 * @return how long the loop has been stalled if this call found the stall, else 0
	 */
	long checkHeartbeat(long now, long thresholdNanos) {
		long posted = this.heartbeatPostedAt;
		if (posted == 0) {
			this.stallReported = false;
			this.heartbeatPostedAt = now;
			this.loop.execute(() -> this.heartbeatPostedAt = 0);
			return 0;
		}
		long stalled = now - posted;
		if (stalled < thresholdNanos || this.stallReported) {
			return 0;
		}
		this.stallReported = true;
		this.blocked.increment();
		return stalled;
	}

	@Override
	void start(Runnable work) {
		throw new UnsupportedOperationException("A reactive worker takes connections, not units of work");
	}

	@Override
	void startThreads() {
		WorkerLoop opened = this.loops.open(id(), generation());
		// Queued before any connection can reach the loop, so that Worker.current() names this
		// worker on every request it runs.
		opened.execute(this::bindToCurrentThread);
		this.loop = opened;
	}

	@Override
	void draining() {
		this.loop.drain();
	}

	@Override
	void interruptThreads() {
		this.loop.close();
	}

}
