package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.workermodel.worker.jvm.SupervisorLog;
import io.workermodel.worker.jvm.ThreadStacks;

/**
 * Aborts requests that go without progress past the timeout, as gunicorn's arbiter aborts a
 * worker that missed its heartbeat: a request that holds a worker's thread has the thread
 * interrupted and the worker running it replaced; a non-blocking one is cancelled and its loop
 * kept. A request that holds no thread (an asynchronous one, waiting) is not aborted. Reports
 * threads that ignore their interruption as stuck until they end, even after their worker has
 * gone, and ends their connections from outside (a hard timeout) where the integration told how.
 */
final class Watchdog {

	private static final SupervisorLog log = SupervisorLog.of(Watchdog.class);

	private final Duration timeout;

	private final Supplier<List<Worker>> workers;

	private final Listeners listeners;

	/** Aborted requests whose threads ignore their interruption, until they end. */
	private final Set<WorkerRequest> stuck = ConcurrentHashMap.newKeySet();

	/**
	 * @param workers the workers to watch: those serving and those still finishing their work
	 */
	Watchdog(Duration timeout, Supplier<List<Worker>> workers, Listeners listeners) {
		this.timeout = timeout;
		this.workers = workers;
		this.listeners = listeners;
	}

	/** Watches from now on, unless the timeout is zero. */
	void scheduleOn(ScheduledExecutorService executor) {
		if (!this.timeout.isZero()) {
			long period = CheckPeriod.millis(this.timeout);
			executor.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
		}
	}

	/** Aborted requests whose threads still run, ignoring their interruption. */
	int stuck() {
		this.stuck.removeIf(WorkerRequest::isClosed);
		return this.stuck.size();
	}

	private void watch() {
		long timeoutNanos = this.timeout.toNanos();
		for (Worker worker : this.workers.get()) {
			for (WorkerRequest request : worker.inFlight()) {
				Thread thread = request.thread();
				if (thread == null && !request.cancellable()) {
					continue;
				}
				long elapsedNanos = request.elapsedNanos();
				// Timed by how long it has made no progress on its thread or loop, so that a
				// stream that sends is never cut, and a request that computes is.
				if (request.silentNanos() >= timeoutNanos && request.abort()) {
					abort(worker, request, thread, elapsedNanos);
				}
				else if (thread != null && request.heldNanos() >= 2 * timeoutNanos && request.markStuck()) {
					this.stuck.add(request);
					// Its client must not wait on a thread that does not stop: end the connection.
					boolean ended = request.terminate();
					log.error("WORKER STUCK ({}): {} on {} ignored its interruption and still runs after {} ms{}",
							worker, request, thread.getName(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
							ended ? "; its connection was ended" : "", ThreadStacks.of(thread));
				}
			}
		}
		this.stuck.removeIf(WorkerRequest::isClosed);
	}

	private void abort(Worker worker, WorkerRequest request, Thread thread, long elapsedNanos) {
		worker.timedOut();
		if (request.cancel()) {
			// A non-blocking request: its loop is not at fault and serves other requests on.
			log.error("WORKER TIMEOUT ({}): {} ran {} ms, past the timeout of {}; cancelled it", worker, request,
					TimeUnit.NANOSECONDS.toMillis(elapsedNanos), this.timeout);
			aborted(worker, request);
			return;
		}
		log.error("WORKER TIMEOUT ({}): {} on {} ran {} ms, past the timeout of {}; interrupting it and replacing "
				+ "the worker", worker, request, thread.getName(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
				this.timeout, ThreadStacks.of(thread));
		if (!request.isClosed()) {
			thread.interrupt();
		}
		aborted(worker, request);
		request.holder().replace(ExitReason.TIMEOUT);
	}

	private void aborted(Worker worker, WorkerRequest request) {
		WorkerSnapshot snapshot = worker.snapshot();
		this.listeners.tell((listener) -> listener.workerAborted(snapshot, request));
	}

}
