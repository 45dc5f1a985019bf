package io.workermodel.worker;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of the arbiter: a slot (its {@link #id()}), a generation within that slot, its own
 * threads, state and stats. Each worker class fills in how a unit of work gets a thread: handed a
 * reserved unit ({@link #start}), or with threads that take their work from a shared queue
 * ({@link #claim}). The arbiter decides when a worker retires.
 */
public abstract class Worker {

	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

	private final int id;

	private final int generation;

	private final int capacity;

	private final Arbiter arbiter;

	/** Requests after which this worker asks to be recycled; 0 for never. */
	private final long requestLimit;

	/** Units of work reserved on this worker: what bounds its concurrency. */
	private final AtomicInteger busy = new AtomicInteger();

	private final Set<InFlightRequest> inFlight = ConcurrentHashMap.newKeySet();

	/** Requests started, counted only when there is a limit to reach. */
	private final AtomicLong started = new AtomicLong();

	private final LongAdder requests = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder timeouts = new LongAdder();

	private final CompletableFuture<Void> drained = new CompletableFuture<>();

	/** Set once the arbiter has been asked to replace this worker, so that it is asked only once. */
	private final AtomicBoolean replacing = new AtomicBoolean();

	private volatile WorkerState state = WorkerState.STARTING;

	private volatile Instant bootedAt;

	private volatile long lastRequestMillis;

	/** The last second of busy samples, written by the arbiter's thread only. */
	private final double[] busySamples = new double[Arbiter.BUSY_SAMPLES];

	private int busySampled;

	private volatile double busyRatio;

	protected Worker(int id, int generation, int capacity, Arbiter arbiter) {
		this.id = id;
		this.generation = generation;
		this.capacity = capacity;
		this.arbiter = arbiter;
		this.requestLimit = arbiter.requestLimit();
	}

	/**
	 * The worker whose thread is running the caller, or {@code null} when the caller is not on a
	 * worker's thread.
	 */
	public static Worker current() {
		return CURRENT.get();
	}

	/** The worker's slot, from 1 to the number of workers. */
	public int id() {
		return this.id;
	}

	/** How many workers have held this slot, this one included. */
	public int generation() {
		return this.generation;
	}

	public WorkerState state() {
		return this.state;
	}

	/**
	 * Records that a request started on this worker, on the calling thread.
	 * @param method the request's method
	 * @param path the request's path, without its query string
	 * @return the request, to hand back to {@link #requestFinished} when it ends
	 */
	public InFlightRequest requestStarted(String method, String path) {
		return requestStarted(method, path, null);
	}

	/**
	 * Records that a non-blocking request started on this worker, on the calling thread: one that
	 * holds no thread of its own, which the watchdog aborts by running the canceller rather than
	 * by interrupting the thread (an event loop's, shared with other requests).
	 * @param canceller ends the request; the watchdog runs it at most once
	 */
	public InFlightRequest requestStarted(String method, String path, Runnable canceller) {
		InFlightRequest request = new InFlightRequest(method, path, Thread.currentThread(), canceller);
		this.inFlight.add(request);
		if (this.requestLimit > 0 && this.started.incrementAndGet() == this.requestLimit) {
			// Its last request: from now on its replacement takes the work, and this worker
			// finishes what it has.
			replace(ExitReason.MAX_REQUESTS);
		}
		this.arbiter.beforeRequest(this, request);
		return request;
	}

	/**
	 * Records that a request that {@linkplain #requestStarted started} on this worker ended.
	 * @param failed whether it ended with an exception or a server error
	 */
	public void requestFinished(InFlightRequest request, boolean failed) {
		request.finish();
		this.inFlight.remove(request);
		this.requests.increment();
		if (failed) {
			this.errors.increment();
		}
		this.lastRequestMillis = System.currentTimeMillis();
		this.arbiter.afterRequest(this, request, failed);
	}

	/**
	 * Records that a later part of a request already counted on some worker runs on this one, on
	 * the calling thread: the watchdog watches it, but it is not counted again. A WebFlux
	 * blocking handler that waited for its request body runs so.
	 * @return the part, to hand back to {@link #continuationFinished} when it ends
	 */
	public InFlightRequest continuationStarted(String method, String path) {
		InFlightRequest continuation = new InFlightRequest(method, path, Thread.currentThread(), null);
		this.inFlight.add(continuation);
		return continuation;
	}

	public void continuationFinished(InFlightRequest continuation) {
		continuation.finish();
		this.inFlight.remove(continuation);
	}

	/**
	 * Counts as failed a request that already {@linkplain #requestFinished finished} on this
	 * worker, whose outcome was known only later: a WebFlux blocking handler's, whose response is
	 * written after it leaves the worker's thread.
	 */
	public void requestFailed() {
		this.errors.increment();
	}

	public WorkerSnapshot snapshot() {
		long last = this.lastRequestMillis;
		int stuck = (int) this.inFlight.stream().filter(InFlightRequest::isStuck).count();
		return new WorkerSnapshot(this.id, this.generation, this.state, this.bootedAt, this.requests.sum(),
				this.inFlight.size(), connections(), this.errors.sum(), this.timeouts.sum(), stuck, blocked(),
				this.busyRatio, (last != 0) ? Instant.ofEpochMilli(last) : null);
	}

	/** Connections open on this worker, for the classes whose workers own connections. */
	int connections() {
		return 0;
	}

	/** Stalls of this worker's event loop, for the classes whose workers are event loops. */
	long blocked() {
		return 0;
	}

	/** Whether a draining worker has nothing left in hand. */
	boolean isIdle() {
		return this.busy.get() == 0;
	}

	Arbiter arbiter() {
		return this.arbiter;
	}

	/** Makes {@link #current()} name this worker on the calling thread, for good. */
	void bindToCurrentThread() {
		CURRENT.set(this);
	}

	/** Units of work running now. */
	int busy() {
		return this.busy.get();
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * Takes one sample of the share of capacity in use; the busy ratio is the mean of the last
	 * second of them, so that it shows load, not the instant of a scrape.
	 */
	void sampleBusy() {
		this.busySamples[this.busySampled % this.busySamples.length] = (double) this.busy.get() / this.capacity;
		this.busySampled++;
		int count = Math.min(this.busySampled, this.busySamples.length);
		double sum = 0;
		for (int i = 0; i < count; i++) {
			sum += this.busySamples[i];
		}
		this.busyRatio = sum / count;
	}

	List<InFlightRequest> inFlight() {
		return List.copyOf(this.inFlight);
	}

	void timedOut() {
		this.timeouts.increment();
	}

	/** Asks the arbiter, once, to put a fresh worker in this one's slot. */
	void replace(ExitReason reason) {
		if (this.replacing.compareAndSet(false, true)) {
			this.arbiter.replaceIfServing(this, reason);
		}
	}

	/** Starts the worker's threads and lets it take work. */
	final void boot() {
		startThreads();
		this.bootedAt = Instant.now();
		this.state = WorkerState.SERVING;
	}

	/** Takes one unit of capacity if the worker is serving and has any left. */
	final boolean tryReserve() {
		return tryReserve(false);
	}

	/**
	 * Takes one unit of capacity if the worker has any left and is serving, or draining when
	 * {@code whileDraining}.
	 */
	final boolean tryReserve(boolean whileDraining) {
		int taken;
		do {
			taken = this.busy.get();
			if (taken >= this.capacity || !takesWork(whileDraining)) {
				return false;
			}
		}
		while (!this.busy.compareAndSet(taken, taken + 1));
		if (!takesWork(whileDraining)) {
			// Lost a race with drain() or stop(): the drained signal must not miss this reservation.
			release();
			return false;
		}
		return true;
	}

	/**
	 * Counts a unit of work that one of this worker's threads took from the shared queue.
	 * @return whether the thread may run it; not once the worker drains or has stopped, and then
	 * nothing is counted
	 */
	final boolean claim() {
		this.busy.incrementAndGet();
		if (retiring()) {
			// Lost a race with drain() or stop(): the drained signal must not miss this unit.
			release();
			return false;
		}
		return true;
	}

	/** Whether the worker drains or has stopped: its threads take no more work. */
	final boolean retiring() {
		return this.state.compareTo(WorkerState.DRAINING) >= 0;
	}

	final void release() {
		if (this.busy.decrementAndGet() == 0 && this.state == WorkerState.DRAINING) {
			checkDrained();
		}
	}

	/** Stops taking work; the returned future completes once the work in hand has finished. */
	final CompletableFuture<Void> drain() {
		if (this.state == WorkerState.SERVING) {
			this.state = WorkerState.DRAINING;
			draining();
		}
		checkDrained();
		return this.drained;
	}

	final void checkDrained() {
		if (isIdle()) {
			this.drained.complete(null);
		}
	}

	/** Called once, when the worker starts to drain. */
	void draining() {
	}

	private boolean takesWork(boolean whileDraining) {
		WorkerState current = this.state;
		return current == WorkerState.SERVING || (whileDraining && current == WorkerState.DRAINING);
	}

	/** Ends the worker: idle threads end, and threads still running work are interrupted. */
	final void stop() {
		this.state = WorkerState.STOPPED;
		interruptThreads();
	}

	/**
	 * Runs reserved work on the calling thread, which must be one of this worker's and
	 * {@linkplain #bindToCurrentThread bound} to it.
	 */
	final void run(Runnable work) {
		try {
			work.run();
		}
		catch (Throwable ex) {
			logger.error("Worker {} (generation {}) crashed running {}", this.id, this.generation, work, ex);
			replace(ExitReason.CRASH);
		}
		finally {
			// An interrupt meant for this work must not reach the next one.
			Thread.interrupted();
			this.arbiter.dispatcher().finished(this);
		}
	}

	/** Hands a unit of work, for which capacity is already reserved, to one of this worker's threads. */
	abstract void start(Runnable work);

	abstract void startThreads();

	abstract void interruptThreads();

	@Override
	public String toString() {
		return "worker " + this.id + " (generation " + this.generation + ")";
	}

}
