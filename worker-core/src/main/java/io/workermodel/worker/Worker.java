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

import io.workermodel.worker.jvm.SupervisorLog;

/**
 * One worker of a {@link WorkerPool}: a slot (its {@link #id()}), a generation within that slot,
 * its own threads or loop, its state and its stats. Each worker class fills in how the worker's
 * threads start and stop; its pool, how work reaches them; the arbiter decides when a worker
 * retires. Requests are {@linkplain #open opened} on the worker that runs them.
 */
public abstract class Worker {

	private static final SupervisorLog log = SupervisorLog.of(Worker.class);

	private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

	private static final ThreadLocal<Runnable> UNIT = new ThreadLocal<>();

	private final int id;

	private final int generation;

	private final int capacity;

	private final String workerClass;

	private final WorkerEvents events;

	/** Requests after which this worker asks to be recycled; 0 for never. */
	private final long requestLimit;

	/** Units of work reserved on this worker: what bounds its concurrency. */
	private final AtomicInteger busy = new AtomicInteger();

	private final Set<WorkerRequest> inFlight = ConcurrentHashMap.newKeySet();

	/** Requests admitted, counted only when there is a limit to reach. */
	private final AtomicLong admitted = new AtomicLong();

	private final LongAdder requests = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder timeouts = new LongAdder();

	private final CompletableFuture<Void> drained = new CompletableFuture<>();

	/** Set once the arbiter has been asked to replace this worker, so that it is asked only once. */
	private final AtomicBoolean replacing = new AtomicBoolean();

	private volatile WorkerState state = WorkerState.STARTING;

	private volatile Instant bootedAt;

	/** When the worker has served its max-lifetime, in {@link System#nanoTime()}; 0 for never. */
	private volatile long lifetimeEndNanos;

	private volatile long lastRequestMillis;

	private final BusyRatio busyRatio = new BusyRatio();

	Worker(Spawn spawn, int capacity) {
		this.id = spawn.id();
		this.generation = spawn.generation();
		this.workerClass = spawn.workerClass();
		this.events = spawn.events();
		this.requestLimit = spawn.requestLimit();
		this.capacity = capacity;
	}

	/**
	 * What a pool gives each worker it spawns.
	 *
	 * @param id the slot, from 1
	 * @param generation how many workers have held the slot, this one included
	 * @param workerClass the class's name, as users write it
	 * @param events where the worker reports
	 * @param requestLimit requests after which the worker asks to be recycled; 0 for never
	 */
	record Spawn(int id, int generation, String workerClass, WorkerEvents events, long requestLimit) {
	}

	/**
	 * The worker whose thread is running the caller, or {@code null} when the caller is not on a
	 * worker's thread.
	 */
	public static Worker current() {
		return CURRENT.get();
	}

	/**
	 * The unit of work the calling worker's thread runs now, as its container handed it over (or
	 * as its integration submitted it), or {@code null} off a worker's thread.
	 */
	public static Runnable currentUnit() {
		return UNIT.get();
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
	 * The name of this worker's class, as users write it in {@code worker.class}: it outlives a
	 * switch while the worker drains.
	 */
	public String workerClass() {
		return this.workerClass;
	}

	/**
	 * A request that reached this worker, to {@linkplain WorkerRequest#admit admit} on the
	 * calling thread and {@linkplain WorkerRequest#close close} when it ends.
	 * @param method the request's method
	 * @param path the request's path, without its query string
	 */
	public WorkerRequest open(String method, String path) {
		return new WorkerRequest(this, method, path, null);
	}

	/**
	 * A non-blocking request that reached this worker: one that holds no thread of its own, which
	 * the watchdog aborts by running the canceller rather than by interrupting the thread (an
	 * event loop's, shared with other requests).
	 * @param canceller ends the request; the watchdog runs it at most once
	 */
	public WorkerRequest open(String method, String path, Runnable canceller) {
		return new WorkerRequest(this, method, path, canceller);
	}

	public WorkerSnapshot snapshot() {
		long last = this.lastRequestMillis;
		int stuck = 0;
		int waiting = 0;
		for (WorkerRequest request : this.inFlight) {
			stuck += request.isStuck() ? 1 : 0;
			waiting += request.isWaiting() ? 1 : 0;
		}
		return new WorkerSnapshot(this.id, this.generation, this.workerClass, this.state, this.bootedAt,
				this.requests.sum(), this.inFlight.size(), waiting, 0, 0, this.errors.sum(), this.timeouts.sum(), stuck,
				0, this.busyRatio.value(),
				(last != 0) ? Instant.ofEpochMilli(last) : null);
	}

	/** Counts the request in, unless the worker refuses it; hears of it before it runs. */
	final boolean admit(WorkerRequest request) {
		if (!takesRequest()) {
			this.events.refused(request);
			return false;
		}
		this.inFlight.add(request);
		if (this.requestLimit > 0 && this.admitted.incrementAndGet() == this.requestLimit) {
			this.events.servedItsShare(this);
		}
		this.events.admitted(request);
		return true;
	}

	/**
	 * Counts a request that ended. The listeners hear of it first, so that whoever waits for the
	 * count sees what they recorded.
	 */
	final void close(WorkerRequest request) {
		this.events.closed(request);
		this.inFlight.remove(request);
		if (this.state == WorkerState.STOPPED) {
			// Its last snapshot is counted already: the request is counted on its own.
			this.events.closedAfterRetirement(request);
			return;
		}
		if (request.failed()) {
			this.errors.increment();
		}
		this.requests.increment();
		this.lastRequestMillis = System.currentTimeMillis();
		requestEnded();
	}

	/**
	 * Whether the worker takes a request that reached it. A thread-based worker took the request's
	 * unit of work already, with its capacity; an event loop admits it against its capacity here.
	 */
	boolean takesRequest() {
		return true;
	}

	/** Called once a request it admitted has closed. */
	void requestEnded() {
	}

	/** Whether a draining worker has nothing left in hand. */
	boolean isIdle() {
		return this.busy.get() == 0;
	}

	/** Makes {@link #current()} name this worker on the calling thread, for good. */
	void bindToCurrentThread() {
		CURRENT.set(this);
	}

	/** Units of work running or handed to its threads now. */
	int busy() {
		return this.busy.get();
	}

	int capacity() {
		return this.capacity;
	}

	/** The share of its capacity in use over the last second, from 0 to 1. */
	double busyRatio() {
		return this.busyRatio.value();
	}

	/**
	 * Takes one sample of the share of capacity in use; the busy ratio is the mean of the last
	 * second of them, so that it shows load, not the instant of a scrape.
	 */
	void sampleBusy() {
		this.busyRatio.sample(this.busy.get(), this.capacity);
	}

	/**
	 * The request running on the calling thread, one of this worker's, as its later parts find
	 * it; {@code null} when none is.
	 */
	public WorkerRequest requestOnCurrentThread() {
		Thread current = Thread.currentThread();
		for (WorkerRequest request : this.inFlight) {
			if (request.thread() == current) {
				return request;
			}
		}
		return null;
	}

	List<WorkerRequest> inFlight() {
		return List.copyOf(this.inFlight);
	}

	void timedOut() {
		this.timeouts.increment();
	}

	/** Asks the arbiter, once, to put a fresh worker in this one's slot. */
	void replace(ExitReason reason) {
		if (this.replacing.compareAndSet(false, true)) {
			this.events.needsReplacing(this, reason);
		}
	}

	/**
	 * Starts the worker's threads and lets it take work.
	 * @param lifetimeEndNanos when it has served its max-lifetime, in {@link System#nanoTime()}; 0
	 * for never
	 */
	final void boot(long lifetimeEndNanos) {
		startThreads();
		this.bootedAt = Instant.now();
		this.lifetimeEndNanos = lifetimeEndNanos;
		this.state = WorkerState.SERVING;
	}

	/** Whether the worker has served its max-lifetime by {@code now}, a {@link System#nanoTime()}. */
	final boolean outlived(long now) {
		long end = this.lifetimeEndNanos;
		return end != 0 && now - end >= 0;
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

	/**
	 * Ends the worker: idle threads end, and threads still running work are interrupted.
	 * @param forGood whether the application shuts down, rather than the worker being retired
	 */
	final void stop(boolean forGood) {
		this.state = WorkerState.STOPPED;
		interruptThreads(forGood);
	}

	/**
	 * Runs a unit of work on the calling thread, which must be one of this worker's and
	 * {@linkplain #bindToCurrentThread bound} to it. Its capacity is the caller's to give back.
	 */
	final void run(Runnable work) {
		UNIT.set(work);
		try {
			work.run();
		}
		catch (Throwable ex) {
			log.error("Worker {} (generation {}) crashed running {}", this.id, this.generation, work, ex);
			replace(ExitReason.CRASH);
		}
		finally {
			UNIT.set(null);
			// An interrupt meant for this work must not reach the next one.
			Thread.interrupted();
		}
	}

	/** The virtual threads running its work now; none for a worker of platform threads or a loop. */
	List<Thread> virtualThreads() {
		return List.of();
	}

	abstract void startThreads();

	abstract void interruptThreads(boolean forGood);

	@Override
	public String toString() {
		return "worker " + this.id + " (generation " + this.generation + ")";
	}

}
