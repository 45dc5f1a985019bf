package io.workermodel.worker;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The arbiter's workers, settings and queue at one moment. Totals include the workers still
 * finishing their work after being replaced, and those already gone.
 *
 * @param settings the settings the arbiter runs with
 * @param workers each serving worker, by slot
 * @param retiring workers that were replaced or removed and are finishing their in-flight work
 * @param retired the sums over workers already gone
 * @param backlog units of work waiting for a worker
 * @param queueStands whether a queue stands, so that work arriving behind work that waited past
 * {@code queue-target} is refused at once
 * @param shed units of work shed so far: the backlog was full, the work was expected to wait past
 * {@code queue-target}, or a reactive worker was at capacity
 * @param expired units of work refused so far because they waited past {@code max-queue-time}
 * @param limit how many units of work the serving workers may run at once now: their capacity,
 * or less under an adaptive limit
 * @param stuck aborted requests whose threads still run, ignoring their interruption, on any
 * worker including those already gone
 * @param platformThreads whether work that would start on a virtual thread starts on a platform
 * thread now: while the JVM loads the application's classes after a start, while the carriers
 * are starved, and always on a JVM without virtual threads
 * @param carriersStarved whether virtual threads cannot be scheduled now, every carrier held
 * @param starvations how many times every carrier was found held
 * @param pinned how many times a virtual thread held its carrier, pinned, past {@code pinned-threshold}
 * @param autoscale what the autoscaler has done, or {@code null} when it is off
 */
public record ArbiterSnapshot(WorkerSettings settings, List<WorkerSnapshot> workers, List<WorkerSnapshot> retiring,
		Retired retired, int backlog, boolean queueStands, long shed, long expired, int limit, int stuck,
		boolean platformThreads, boolean carriersStarved, long starvations, long pinned, Autoscaling autoscale) {

	public long requests() {
		return sum(WorkerSnapshot::requests) + this.retired.requests();
	}

	public long errors() {
		return sum(WorkerSnapshot::errors) + this.retired.errors();
	}

	public long timeouts() {
		return sum(WorkerSnapshot::timeouts) + this.retired.timeouts();
	}

	/** Stalls of reactive workers' loops past the blocked threshold. */
	public long blocked() {
		return sum(WorkerSnapshot::blocked) + this.retired.blocked();
	}

	/** Requests in flight now. */
	public int active() {
		return (int) sum(WorkerSnapshot::active);
	}

	/** Requests in flight that hold no thread while they wait, as asynchronous servlet requests do. */
	public int waiting() {
		return (int) sum(WorkerSnapshot::waiting);
	}

	private long sum(ToLongFunction<WorkerSnapshot> stat) {
		return Stream.concat(this.workers.stream(), this.retiring.stream()).mapToLong(stat).sum();
	}

	/**
	 * What the autoscaler has done.
	 *
	 * @param min the fewest workers it keeps
	 * @param max the most workers it runs
	 * @param floor the fewest it keeps now: {@code min}, or more after an operator scaled up
	 * @param ups workers it added
	 * @param downs workers it removed
	 * @param lastDecision its last step and why, or {@code null} before any
	 */
	public record Autoscaling(int min, int max, int floor, long ups, long downs, String lastDecision) {
	}

	/**
	 * Sums over the workers that are gone.
	 *
	 * @param workers how many, by why they left
	 * @param requests requests they completed
	 * @param errors requests of theirs that failed
	 * @param timeouts requests of theirs that were aborted
	 * @param blocked stalls of their loops, for reactive workers
	 */
	public record Retired(Map<ExitReason, Long> workers, long requests, long errors, long timeouts, long blocked) {

		static final Retired NONE = new Retired(Map.of(), 0, 0, 0, 0);

		public Retired {
			Map<ExitReason, Long> copy = new EnumMap<>(ExitReason.class);
			copy.putAll(workers);
			workers = Collections.unmodifiableMap(copy);
		}

		/** How many workers are gone, whatever the reason. */
		public long count() {
			return this.workers.values().stream().mapToLong(Long::longValue).sum();
		}

		/** With a request that ended after its worker had retired. */
		Retired plus(WorkerRequest request) {
			return new Retired(this.workers, this.requests + 1, this.errors + (request.failed() ? 1 : 0), this.timeouts,
					this.blocked);
		}

		Retired plus(WorkerSnapshot worker, ExitReason reason) {
			Map<ExitReason, Long> workers = new EnumMap<>(ExitReason.class);
			workers.putAll(this.workers);
			workers.merge(reason, 1L, Long::sum);
			return new Retired(workers, this.requests + worker.requests(), this.errors + worker.errors(),
					this.timeouts + worker.timeouts(), this.blocked + worker.blocked());
		}

	}

}
