package io.workermodel.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One request on one worker, from the moment it reaches the worker to its outcome. Every server
 * integration makes the same calls: {@link Worker#open open} it on the worker whose thread or loop
 * took it, {@link #admit} it (a refusal is answered 503 by the caller) and {@link #close} it with
 * its status. The worker counts it, the watchdog watches it and the listeners hear of it; the
 * integration does nothing else. Holds the method and path only, never the query string, headers
 * or body, since it reaches logs and listeners.
 */
public final class WorkerRequest {

	private static final int RUNNING = 0;

	private static final int ABORTED = 1;

	private static final int STUCK = 2;

	/** One object per request, not three: its states live in fields rather than in atomics. */
	private static final VarHandle STATE;

	private static final VarHandle OUTCOME;

	private static final VarHandle THREAD;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(WorkerRequest.class, "state", int.class);
			OUTCOME = lookup.findVarHandle(WorkerRequest.class, "status", int.class);
			THREAD = lookup.findVarHandle(WorkerRequest.class, "thread", Thread.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Worker worker;

	private final String method;

	private final String path;

	/** How to abort a request that holds no thread of its own; null for one that does. */
	private final Runnable canceller;

	private final long startNanos = System.nanoTime();

	/**
	 * When a later part of it took a worker's thread; 0 while the first part runs, so that opening
	 * a request writes nothing here.
	 */
	private volatile long attachedNanos;

	/**
	 * When it last made progress, or took a thread for a later part; 0 before either, for the same
	 * reason.
	 */
	private volatile long progressNanos;

	/**
	 * The worker whose thread runs a later part of the request, where that is not the worker it
	 * was opened on; null otherwise.
	 */
	private volatile Worker holder;

	/** How long it waited for its worker, before it reached it. */
	private long queuedNanos = WaitingWork.waitedNanos();

	/** RUNNING, ABORTED or STUCK: what the watchdog has done to it. */
	private volatile int state = RUNNING;

	/** The status it closed with, or 0 while it is open. */
	private volatile int status;

	/** The worker's thread running it now, or null while it holds none. */
	private volatile Thread thread;

	/**
	 * Ends its connection from outside its thread; null where the integration knows no way. Set
	 * before the request is admitted, which publishes it to the watchdog.
	 */
	private Runnable terminator;

	WorkerRequest(Worker worker, String method, String path, Runnable canceller) {
		this.worker = worker;
		this.method = method;
		this.path = path;
		this.canceller = canceller;
	}

	/** The worker it runs on. */
	public Worker worker() {
		return this.worker;
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

	/**
	 * Counts the request on its worker and lets it run on the calling thread, if the worker takes
	 * it: a reactive worker at its {@code connections} in flight does not. A request that is not
	 * admitted is counted as shed, and must not be closed.
	 * @return whether the request may run
	 */
	public boolean admit() {
		this.thread = Thread.currentThread();
		return this.worker.admit(this);
	}

	/**
	 * Notes that the request goes on without holding the calling thread, as an asynchronous
	 * servlet request or a blocking handler's response being written does: the watchdog no longer
	 * interrupts that thread, which runs other work from now on. A later part that already runs on
	 * another thread keeps holding that one.
	 */
	public void detach() {
		THREAD.compareAndSet(this, Thread.currentThread(), null);
	}

	/**
	 * Notes that a later part of the request runs on the calling thread, a worker's, such as an
	 * asynchronous request's {@code Callable}: it is timed from now, and a timeout replaces the
	 * worker that runs it.
	 */
	public void attach() {
		Worker running = Worker.current();
		this.holder = (running != this.worker) ? running : null;
		long now = System.nanoTime();
		this.attachedNanos = now;
		this.progressNanos = now;
		this.thread = Thread.currentThread();
	}

	/**
	 * Tells how to end the request's connection from outside its thread, for when its thread
	 * ignores the watchdog's interruption: answer 503 if nothing was written yet, else close it, so
	 * that the client is never left waiting on a thread that does not stop. Called before the
	 * request is admitted.
	 * @param terminator the way, or {@code null} for none
	 */
	public void terminateWith(Runnable terminator) {
		this.terminator = terminator;
	}

	/**
	 * Ends the request with its outcome: the listeners hear of it, then its worker counts it.
	 * Only the first call counts.
	 * @param status the HTTP status it was answered with; 500 and above count as failed
	 */
	public void close(int status) {
		if (OUTCOME.compareAndSet(this, 0, status)) {
			this.thread = null;
			this.worker.close(this);
		}
	}

	/** The status the request closed with, or 0 while it is open. */
	public int status() {
		return this.status;
	}

	/** Whether it ended with a server error. */
	public boolean failed() {
		return this.status >= 500;
	}

	/** The worker's thread running it now, or {@code null} while it holds none. */
	public Thread thread() {
		return this.thread;
	}

	/**
	 * Adds time the request spent waiting before the server took it, in a proxy's queue say,
	 * to its {@link #queuedNanos()}. Called before it is admitted.
	 */
	public void waitedBefore(long nanos) {
		this.queuedNanos += nanos;
	}

	/**
	 * How long the request waited before it reached its worker, in nanoseconds: in the backlog,
	 * and before the server took it where its integration knows that.
	 */
	public long queuedNanos() {
		return this.queuedNanos;
	}

	/**
	 * Notes that the request made progress, such as a stream sending an event or a line: the
	 * watchdog aborts a request once it has made none for the timeout, so that a stream that
	 * keeps sending is never cut, and one that stalls is.
	 */
	public void progressed() {
		this.progressNanos = System.nanoTime();
	}

	/** How long the request has gone without progress, in nanoseconds. */
	long silentNanos() {
		return sinceOrStart(this.progressNanos);
	}

	/** How long the request has held its present thread, in nanoseconds. */
	long heldNanos() {
		return sinceOrStart(this.attachedNanos);
	}

	private long sinceOrStart(long nanos) {
		return System.nanoTime() - ((nanos != 0) ? nanos : this.startNanos);
	}

	/** The worker whose thread runs the request: its own, unless a later part runs elsewhere. */
	Worker holder() {
		Worker running = this.holder;
		return (running != null) ? running : this.worker;
	}

	/** When the request reached its worker, in {@link System#nanoTime()}. */
	long startNanos() {
		return this.startNanos;
	}

	/** How long the request has run, in nanoseconds. */
	public long elapsedNanos() {
		return System.nanoTime() - this.startNanos;
	}

	/** Whether the watchdog aborted the request: it should be answered as timed out. */
	public boolean isAborted() {
		return this.state != RUNNING;
	}

	/** Whether its thread went on running long after it was interrupted. */
	public boolean isStuck() {
		return this.state == STUCK;
	}

	/** Whether the request has ended, answered or not. */
	public boolean isClosed() {
		return this.status != 0;
	}

	/** Whether it waits, open, holding no thread and needing no loop, between its parts. */
	boolean isWaiting() {
		return this.thread == null && this.canceller == null && !isClosed();
	}

	/** Whether the request can be aborted without a thread to interrupt. */
	boolean cancellable() {
		return this.canceller != null;
	}

	/** Runs the canceller, if the request has one. */
	boolean cancel() {
		if (this.canceller == null) {
			return false;
		}
		this.canceller.run();
		return true;
	}

	boolean abort() {
		return STATE.compareAndSet(this, RUNNING, ABORTED);
	}

	boolean markStuck() {
		return STATE.compareAndSet(this, ABORTED, STUCK);
	}

	/**
	 * Ends the connection of a request whose thread ignored its interruption, if its integration
	 * told how and it is still open.
	 * @return whether it did
	 */
	boolean terminate() {
		Runnable ender = this.terminator;
		if (ender == null || isClosed()) {
			return false;
		}
		ender.run();
		return true;
	}

	@Override
	public String toString() {
		return this.method + " " + this.path;
	}

}
