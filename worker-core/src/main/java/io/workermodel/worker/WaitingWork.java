package io.workermodel.worker;

/**
 * A unit of work that waited for a worker: since when, and what tells its client when no worker
 * will run it. While it runs, the requests opened on its thread know how long it waited.
 */
final class WaitingWork implements Runnable {

	private static final ThreadLocal<WaitingWork> RUNNING = new ThreadLocal<>();

	private final Runnable work;

	private final Runnable refusal;

	private final long sinceNanos;

	private volatile long startedNanos;

	/**
	 * @param work what runs on a worker
	 * @param refusal what answers the client instead, when the work is shed or waited too long
	 * @param sinceNanos when it began to wait, in {@link System#nanoTime()}
	 */
	WaitingWork(Runnable work, Runnable refusal, long sinceNanos) {
		this.work = work;
		this.refusal = refusal;
		this.sinceNanos = sinceNanos;
	}

	/** How long the work running on the calling thread waited for its worker; 0 if it never did. */
	static long waitedNanos() {
		WaitingWork running = RUNNING.get();
		return (running != null) ? running.startedNanos - running.sinceNanos : 0;
	}

	/** How long it has waited by {@code now}. */
	long waitedNanos(long now) {
		return now - this.sinceNanos;
	}

	/** Tells its client that no worker will run it. */
	void refuse() {
		this.refusal.run();
	}

	@Override
	public void run() {
		this.startedNanos = System.nanoTime();
		RUNNING.set(this);
		try {
			this.work.run();
		}
		finally {
			RUNNING.remove();
		}
	}

	@Override
	public String toString() {
		return this.work.toString();
	}

}
