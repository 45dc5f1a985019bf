package io.workermodel.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.workermodel.worker.ArbiterSnapshot.Retired;
import io.workermodel.worker.jvm.SupervisorLog;

/**
 * Workers that left their slot, to the end: each finishes its work in hand within the grace the
 * settings give, is then stopped (what still runs is named and interrupted), told as exited, and
 * counted in the retired totals, with the requests that end after it.
 */
final class Retirements {

	private static final SupervisorLog log = SupervisorLog.of(Retirements.class);

	private final Duration grace;

	private final Executor supervisor;

	private final Listeners listeners;

	private final Recycler recycler;

	/** Workers that left their slot and are finishing their work. */
	private final Set<Worker> retiring = ConcurrentHashMap.newKeySet();

	private volatile Retired retired = Retired.NONE;

	/**
	 * @param grace how long a retiring worker may finish its work
	 * @param supervisor the arbiter's thread, where workers are stopped
	 */
	Retirements(Duration grace, Executor supervisor, Listeners listeners, Recycler recycler) {
		this.grace = grace;
		this.supervisor = supervisor;
		this.listeners = listeners;
		this.recycler = recycler;
	}

	/** Drains the worker, which has left its slot, and stops it once drained or when the grace is over. */
	void retire(Worker worker, ExitReason reason) {
		this.retiring.add(worker);
		worker.drain().completeOnTimeout(null, this.grace.toMillis(), TimeUnit.MILLISECONDS).thenRunAsync(() -> {
			if (this.retiring.remove(worker)) {
				stop(worker, reason);
			}
		}, this.supervisor);
	}

	/**
	 * Retires the serving workers and those still retiring for good, at once, and waits for them:
	 * their work in hand may finish within the grace.
	 */
	void retireAll(List<Worker> serving) {
		List<Worker> workers = new ArrayList<>(serving);
		workers.addAll(this.retiring);
		this.retiring.clear();
		awaitDrained(CompletableFuture.allOf(workers.stream().map(Worker::drain).toArray(CompletableFuture[]::new)));
		for (Worker worker : workers) {
			stop(worker, ExitReason.SHUTDOWN);
		}
	}

	/** The workers still finishing their work. */
	List<Worker> retiring() {
		return List.copyOf(this.retiring);
	}

	/** What the stopped workers served, and what ended after them. */
	Retired totals() {
		return this.retired;
	}

	/** Counts a request that ended after its worker had retired, as a stream holding no thread may. */
	synchronized void closedAfterRetirement(WorkerRequest request) {
		this.retired = this.retired.plus(request);
	}

	private void stop(Worker worker, ExitReason reason) {
		// Those waiting on no thread (asynchronous requests) go on, and are counted when they end.
		List<WorkerRequest> left = worker.inFlight().stream().filter((request) -> !request.isWaiting()).toList();
		if (!left.isEmpty()) {
			log.warn("{} still runs {} after the graceful timeout of {}; interrupting them", worker, left,
					Durations.text(this.grace));
		}
		worker.stop(reason == ExitReason.SHUTDOWN);
		WorkerSnapshot last = worker.snapshot();
		synchronized (this) {
			this.retired = this.retired.plus(last, reason);
		}
		this.listeners.tell((listener) -> listener.workerExited(last, reason));
		// After its exit is told, so that the next recycle is heard after it.
		this.recycler.stopped(worker);
	}

	private void awaitDrained(CompletableFuture<Void> drained) {
		try {
			drained.get(this.grace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// stop() names and interrupts what still runs.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
