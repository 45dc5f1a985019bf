package io.workermodel.worker;

import java.util.List;
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
 * @param shed units of work shed so far because the backlog was full
 * @param stuck aborted requests whose threads still run, ignoring their interruption, on any
 * worker including those already gone
 */
public record ArbiterSnapshot(WorkerSettings settings, List<WorkerSnapshot> workers, List<WorkerSnapshot> retiring,
		Retired retired, int backlog, long shed, int stuck) {

	public long requests() {
		return sum(WorkerSnapshot::requests) + this.retired.requests();
	}

	public long errors() {
		return sum(WorkerSnapshot::errors) + this.retired.errors();
	}

	public long timeouts() {
		return sum(WorkerSnapshot::timeouts) + this.retired.timeouts();
	}

	/** Requests in flight now. */
	public int active() {
		return (int) sum(WorkerSnapshot::active);
	}

	private long sum(ToLongFunction<WorkerSnapshot> stat) {
		return Stream.concat(this.workers.stream(), this.retiring.stream()).mapToLong(stat).sum();
	}

	/**
	 * Sums over the workers that are gone.
	 *
	 * @param workers how many
	 * @param requests requests they completed
	 * @param errors requests of theirs that failed
	 * @param timeouts requests of theirs that were aborted
	 */
	public record Retired(long workers, long requests, long errors, long timeouts) {

		static final Retired NONE = new Retired(0, 0, 0, 0);

		Retired plus(WorkerSnapshot worker) {
			return new Retired(this.workers + 1, this.requests + worker.requests(), this.errors + worker.errors(),
					this.timeouts + worker.timeouts());
		}

	}

}
