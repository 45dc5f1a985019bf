package io.workermodel.worker.boot.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.workermodel.worker.ArbiterSnapshot.Autoscaling;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.ConcurrencyLimit;
import io.workermodel.worker.ExitReason;
import io.workermodel.worker.WorkerClass;
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
public record WorkersDescriptor(String workerClass, Map<String, Object> settings, Totals totals, List<WorkerSnapshot> workers,
		List<WorkerSnapshot> retiring, @Nullable Autoscaling autoscale) implements OperationResponseBody {

	static WorkersDescriptor of(ArbiterSnapshot snapshot, Map<String, Long> mostPinned) {
		WorkerSettings settings = snapshot.settings();
		return new WorkersDescriptor(settings.workerClass().id(), settingsOf(settings), Totals.of(snapshot, mostPinned),
				snapshot.workers(), snapshot.retiring(), snapshot.autoscale());
	}

	/**
	 * The effective settings, each by its name in Java ({@code maxQueueTime}); durations in
	 * ISO-8601, as {@code PT30S}; {@code capacity}, what each worker runs at once, after
	 * {@code workers}; the limit as the class resolves it. The class and the autoscaling bounds
	 * are shown beside them, not among them.
	 */
	static Map<String, Object> settingsOf(WorkerSettings settings) {
		Map<String, Object> shown = new LinkedHashMap<>();
		settings.values().forEach((name, value) -> {
			if (value instanceof WorkerClass || value instanceof WorkerSettings.Autoscale) {
				return;
			}
			shown.put(name, shown(value, settings.workerClass()));
			if (name.equals("workers")) {
				shown.put("capacity", settings.capacity());
			}
		});
		return shown;
	}

	private static Object shown(Object value, WorkerClass workerClass) {
		if (value instanceof Duration duration) {
			return duration.toString();
		}
		if (value instanceof ConcurrencyLimit limit) {
			return workerClass.limit(limit).id();
		}
		return value;
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
	 * @param queueStands whether a queue stands now, so that a request behind one that waited past
	 * queue-target is answered 503 at once
	 * @param shed work answered 503 on arrival: the backlog was full, the request was expected to
	 * wait past queue-target, or a reactive worker was at capacity
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
			Map<ExitReason, Long> exits, int backlog, boolean queueStands, long shed, long expired, int limit,
			long starvations, boolean platformThreads, long pinned, Map<String, Long> mostPinned) {

		static Totals of(ArbiterSnapshot snapshot, Map<String, Long> mostPinned) {
			return new Totals(snapshot.requests(), snapshot.active(), snapshot.waiting(), snapshot.errors(), snapshot.timeouts(),
					snapshot.stuck(), snapshot.blocked(), snapshot.retired().workers(), snapshot.backlog(),
					snapshot.queueStands(), snapshot.shed(), snapshot.expired(), snapshot.limit(),
					snapshot.starvations(), snapshot.platformThreads(), snapshot.pinned(), mostPinned);
		}

	}

}
