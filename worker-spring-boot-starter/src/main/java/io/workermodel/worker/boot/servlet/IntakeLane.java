package io.workermodel.worker.boot.servlet;

import java.util.concurrent.Executor;

/**
 * Where a servlet container's socket events go while every worker is busy: each runs on a request
 * thread of its own that the arbiter starts (a virtual one where that is safe), where the container
 * reads the request and {@link WorkerRequestFilter} takes it. A request of the never-shed lane is served there at once; any other is submitted to the
 * dispatcher and waits, holding no platform thread, for a worker, the queue-time deadline or a
 * full backlog. Admission needs the request's path, which a socket event does not show: this is
 * where it is read, and only when there is a wait to decide about, so that a request that finds a
 * worker free pays nothing.
 */
public final class IntakeLane implements Executor {

	private static final ThreadLocal<Arrival> ARRIVAL = new ThreadLocal<>();

	/** Whether the calling thread is the lane's, reading work that found every worker busy. */
	static boolean isIntake() {
		return ARRIVAL.get() != null;
	}

	/** The container's unit of work the calling intake thread runs. */
	static Runnable unit() {
		return ARRIVAL.get().unit;
	}

	/**
	 * When the request the calling intake thread reads began to wait, in {@link System#nanoTime()}:
	 * for the first request of its socket event, when the event found every worker busy; for a
	 * further one on the same connection, read once the one before it was answered, now.
	 */
	static long arrivedNanos() {
		Arrival arrival = ARRIVAL.get();
		if (arrival.first) {
			arrival.first = false;
			return arrival.nanos;
		}
		return System.nanoTime();
	}

	/** Runs the socket event on the calling thread, the intake thread the arbiter started for it. */
	@Override
	public void execute(Runnable work) {
		ARRIVAL.set(new Arrival(System.nanoTime(), work));
		try {
			work.run();
		}
		finally {
			ARRIVAL.remove();
		}
	}

	private static final class Arrival {

		private final long nanos;

		private final Runnable unit;

		/** Whether no request of the event has been read yet. */
		private boolean first = true;

		Arrival(long nanos, Runnable unit) {
			this.nanos = nanos;
			this.unit = unit;
		}

	}

}
