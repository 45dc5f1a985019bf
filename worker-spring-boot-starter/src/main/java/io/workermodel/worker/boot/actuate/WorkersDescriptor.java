package io.workermodel.worker.boot.actuate;

import java.util.List;
import java.util.Map;

import io.workermodel.worker.ArbiterSnapshot.Autoscaling;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.ExitReason;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.WorkerSnapshot;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/workers} answers: the class, the settings it runs with, totals over
 * all workers, and each worker.
 *
 * @param workerClass the worker class, as written in {@code worker.class}
 * @param settings the effective settings
 * @param totals sums over every worker since start, and the arbiter's queue
 * @param workers each serving worker, by slot
 * @param retiring workers that were replaced or removed and are finishing their in-flight work
 * @param autoscale what the autoscaler has done, or {@code null} when it is off
 */
public record WorkersDescriptor(String workerClass, Settings settings, Totals totals, List<WorkerSnapshot> workers,
		List<WorkerSnapshot> retiring, @Nullable Autoscaling autoscale) implements OperationResponseBody {

	static WorkersDescriptor of(ArbiterSnapshot snapshot, Map<String, Long> mostPinned) {
		WorkerSettings settings = snapshot.settings();
		return new WorkersDescriptor(settings.workerClass().id(), Settings.of(settings), Totals.of(snapshot, mostPinned),
				snapshot.workers(), snapshot.retiring(), snapshot.autoscale());
	}

	/**
	 * The effective settings; durations in ISO-8601, as {@code PT30S}.
	 *
	 * @param workers the number of workers
	 * @param capacity the units of work each worker runs at once, which its class derives from
	 * {@code threads} or {@code connections}
	 * @param threads platform threads per gthread worker
	 * @param connections requests at once per virtual or reactive worker
	 * @param backlog work held while every worker is busy
	 * @param maxQueueTime how long work may wait for a worker before it is answered 503
	 * @param limit the concurrency limit the pool runs: fixed, gradient2 or vegas
	 * @param timeout how long a request may run
	 * @param gracefulTimeout how long a retiring worker may finish its work
	 * @param maxRequests requests after which a worker is recycled
	 * @param maxRequestsJitter the most added to max-requests per worker
	 * @param maxLifetime how long a worker serves before it is recycled
	 * @param maxLifetimeJitter the most added to max-lifetime per worker
	 * @param blockedThreshold how long a reactive worker's loop may stall before it is reported
	 * @param pinnedThreshold how long a virtual worker's thread may be pinned before it is reported
	 */
	public record Settings(int workers, int capacity, int threads, int connections, int backlog,
			String maxQueueTime, String limit, String timeout, String gracefulTimeout, long maxRequests,
			long maxRequestsJitter, String maxLifetime, String maxLifetimeJitter, String blockedThreshold,
			String pinnedThreshold) {

		static Settings of(WorkerSettings settings) {
			return new Settings(settings.workers(), settings.capacity(), settings.threads(), settings.connections(),
					settings.backlog(), settings.maxQueueTime().toString(),
					settings.workerClass().limit(settings.limit()).id(), settings.timeout().toString(),
					settings.gracefulTimeout().toString(), settings.maxRequests(), settings.maxRequestsJitter(), settings.maxLifetime().toString(),
					settings.maxLifetimeJitter().toString(), settings.blockedThreshold().toString(),
					settings.pinnedThreshold().toString());
		}

	}

	/**
	 * Sums over every worker since start, those replaced included, and the arbiter's queue.
	 *
	 * @param requests requests completed
	 * @param active requests in flight
	 * @param waiting of those, requests that hold no thread while they wait, as asynchronous
	 * servlet requests do
	 * @param errors requests that ended with an exception or a server error
	 * @param timeouts requests aborted for running past the timeout
	 * @param stuck aborted requests whose threads ignore their interruption and still run
	 * @param blocked stalls of reactive workers' event loops past the blocked threshold
	 * @param exits workers that have exited, by reason (as {@code TIMEOUT}, {@code CRASH})
	 * @param backlog work waiting for a worker now
	 * @param shed work answered 503 because the backlog was full, or a reactive worker was at capacity
	 * @param expired work answered 503 because it waited past max-queue-time
	 * @param limit requests the serving workers may run at once now: their capacity, or less under
	 * an adaptive limit
	 * @param starvations times every carrier of the virtual threads was found held
	 * @param platformThreads whether work that would run on a virtual thread starts on a platform
	 * thread now: while classes load after a start, while the carriers are starved, or on Java 17
	 * @param pinned times a virtual worker's thread held its carrier, pinned, past the pinned threshold
	 * @param mostPinned the requests pinned most often, as worker and request, with how often
	 */
	public record Totals(long requests, int active, int waiting, long errors, long timeouts, int stuck, long blocked,
			Map<ExitReason, Long> exits, int backlog, long shed, long expired, int limit, long starvations,
			boolean platformThreads, long pinned, Map<String, Long> mostPinned) {

		static Totals of(ArbiterSnapshot snapshot, Map<String, Long> mostPinned) {
			return new Totals(snapshot.requests(), snapshot.active(), snapshot.waiting(), snapshot.errors(), snapshot.timeouts(),
					snapshot.stuck(), snapshot.blocked(), snapshot.retired().workers(), snapshot.backlog(),
					snapshot.shed(), snapshot.expired(), snapshot.limit(), snapshot.starvations(),
					snapshot.platformThreads(), snapshot.pinned(), mostPinned);
		}

	}

}
