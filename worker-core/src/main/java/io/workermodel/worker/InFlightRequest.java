package io.workermodel.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A request running on a worker: what the watchdog watches and aborts. Holds the method and path
 * only, never the query string, headers or body, since it reaches logs and listeners.
 */
public final class InFlightRequest {

	private static final int RUNNING = 0;

	private static final int ABORTED = 1;

	private static final int STUCK = 2;

	/** One object per request, not two: the state lives in a field rather than an AtomicInteger. */
	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(InFlightRequest.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String method;

	private final String path;

	private final Thread thread;

	private final long startNanos = System.nanoTime();

	private volatile int state = RUNNING;

	/** How to abort a request that holds no thread of its own; null for one that does. */
	private final Runnable canceller;

	private volatile boolean finished;

	InFlightRequest(String method, String path, Thread thread, Runnable canceller) {
		this.method = method;
		this.path = path;
		this.thread = thread;
		this.canceller = canceller;
	}

	public String method() {
		return this.method;
	}

	public String path() {
		return this.path;
	}

	/** The thread running the request. */
	public Thread thread() {
		return this.thread;
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
	public boolean isFinished() {
		return this.finished;
	}

	/** Runs the canceller, if the request has one. */
	boolean cancel() {
		if (this.canceller == null) {
			return false;
		}
		this.canceller.run();
		return true;
	}

	void finish() {
		this.finished = true;
	}

	boolean abort() {
		return STATE.compareAndSet(this, RUNNING, ABORTED);
	}

	boolean markStuck() {
		return STATE.compareAndSet(this, ABORTED, STUCK);
	}

	@Override
	public String toString() {
		return this.method + " " + this.path;
	}

}
