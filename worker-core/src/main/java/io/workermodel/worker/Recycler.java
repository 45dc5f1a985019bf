package io.workermodel.worker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * Recycles workers that served their {@code max-requests} or their {@code max-lifetime}, one at a
 * time: the next is replaced only once the last has drained, whatever the jitter drew, so that a
 * pool never loses more than one worker's warm state at once (uWSGI's
 * {@code max-worker-lifetime-delta} idea; gunicorn's jitter alone still recycles them all within
 * seconds). Runs on the arbiter's thread.
 */
final class Recycler {

	private final Supplier<Worker[]> serving;

	/** Replaces a serving worker for the reason; false when it has left its slot meanwhile. */
	private final BiPredicate<Worker, ExitReason> replacer;

	private final Executor supervisor;

	/** Workers that reached their max-requests and wait for their turn. */
	private final Set<Worker> due = ConcurrentHashMap.newKeySet();

	/** The worker being recycled, until it has stopped; the arbiter's thread only. */
	private Worker recycling;

	Recycler(Supplier<Worker[]> serving, BiPredicate<Worker, ExitReason> replacer, Executor supervisor) {
		this.serving = serving;
		this.replacer = replacer;
		this.supervisor = supervisor;
	}

	/**
	 * Looks for workers past their lifetime from now on, unless there is no lifetime.
	 * @param periodMillis how often; 0 for never
	 */
	void scheduleOn(ScheduledExecutorService executor, long periodMillis) {
		if (periodMillis > 0) {
			executor.scheduleWithFixedDelay(this::next, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
		}
	}

	/** The worker has served its share of requests: it is recycled in its turn. Any thread. */
	void due(Worker worker) {
		this.due.add(worker);
		try {
			this.supervisor.execute(this::next);
		}
		catch (RejectedExecutionException ex) {
			// The arbiter has closed: every worker is retiring anyway.
		}
	}

	/** A worker has stopped: if it was the one being recycled, the next may go. */
	void stopped(Worker worker) {
		this.due.remove(worker);
		if (worker == this.recycling) {
			this.recycling = null;
			next();
		}
	}

	private void next() {
		if (this.recycling != null) {
			return;
		}
		long now = System.nanoTime();
		for (Worker worker : this.serving.get()) {
			ExitReason reason = this.due.remove(worker) ? ExitReason.MAX_REQUESTS
					: worker.outlived(now) ? ExitReason.MAX_LIFETIME : null;
			if (reason != null && this.replacer.test(worker, reason)) {
				this.recycling = worker;
				return;
			}
		}
	}

}
