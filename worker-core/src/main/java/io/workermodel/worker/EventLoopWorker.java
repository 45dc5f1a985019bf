package io.workermodel.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code reactive} worker: one event loop, as gunicorn's tornado worker is. Connections, not
 * units of work, are handed to it (by the {@link ConnectionBalancer}), and a retiring worker is
 * drained once its last connection has closed. Its capacity bounds the requests in flight on its
 * connections: a request beyond it is not admitted. It answers the {@link LoopHeartbeat}, which
 * tells whether something blocks its loop. A connection upgraded to a WebSocket does not hold up
 * its retirement: the loop, retired, goes on serving it until it closes.
 */
public final class EventLoopWorker extends Worker implements LoopHeartbeat.Loop {

	private final EventLoopPool pool;

	private final WorkerLoops loops;

	private final LoopHeartbeat heartbeat;

	private final ConnectionBalancer balancer;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger websockets = new AtomicInteger();

	private final LongAdder blocked = new LongAdder();

	private volatile WorkerLoop loop;

	/** When the pending heartbeat was posted, or 0 when it has run. */
	private volatile long heartbeatPostedAt;

	/** Whether the current stall has been reported; the heartbeat's thread only. */
	private boolean stallReported;

	EventLoopWorker(Spawn spawn, int connections, EventLoopPool pool, EventLoops loops) {
		super(spawn, connections);
		this.pool = pool;
		this.loops = loops.loops();
		this.heartbeat = loops.heartbeat();
		this.balancer = loops.balancer();
	}

	/** The loop this worker is. */
	public WorkerLoop loop() {
		return this.loop;
	}

	/**
	 * Counts one of its connections as closed, on whatever thread saw it close.
	 * @param websocket whether it had been {@linkplain #connectionUpgraded upgraded}
	 */
	public void connectionClosed(boolean websocket) {
		if (websocket) {
			this.websockets.decrementAndGet();
		}
		this.connections.decrementAndGet();
		if (state() == WorkerState.DRAINING) {
			checkDrained();
		}
	}

	/**
	 * Counts one of its connections as upgraded to a WebSocket: long-lived, it no longer holds up
	 * the worker's retirement.
	 */
	public void connectionUpgraded() {
		this.websockets.incrementAndGet();
		if (state() == WorkerState.DRAINING) {
			checkDrained();
		}
	}

	@Override
	public WorkerSnapshot snapshot() {
		return super.snapshot().onLoop(this.connections.get(), this.websockets.get(), this.blocked.sum());
	}

	void connectionOpened() {
		this.connections.incrementAndGet();
	}

	int connections() {
		return this.connections.get();
	}

	/** A retiring worker still answers what comes on the connections it has. */
	@Override
	boolean takesRequest() {
		return tryReserve(true);
	}

	@Override
	void requestEnded() {
		release();
	}

	@Override
	boolean isIdle() {
		return super.isIdle() && this.connections.get() == this.websockets.get();
	}

	@Override
	public long checkHeartbeat(long now, long thresholdNanos) {
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
		return stalled;
	}

	@Override
	public void countBlocked() {
		this.blocked.increment();
	}

	@Override
	public Thread thread() {
		return this.loop.thread();
	}

	@Override
	void startThreads() {
		WorkerLoop opened = this.loops.open(id(), generation());
		// Queued before any connection can reach the loop, so that Worker.current() names this
		// worker on every request it runs.
		opened.execute(this::bindToCurrentThread);
		this.loop = opened;
		this.heartbeat.watch(this);
		this.balancer.join(this);
	}

	@Override
	void draining() {
		this.balancer.leave(this);
		this.loop.drain();
	}

	@Override
	void interruptThreads(boolean forGood) {
		this.balancer.leave(this);
		this.heartbeat.unwatch(this);
		if (forGood) {
			this.loop.close();
		}
		else {
			this.pool.retired(this.loop);
		}
	}

}
