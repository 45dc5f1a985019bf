package io.workermodel.worker;

import java.util.List;

/**
 * The arbiter's workers, settings and queue at one moment.
 *
 * @param settings the settings the arbiter runs with
 * @param workers each worker, by slot
 * @param backlog units of work waiting for a worker
 * @param shed units of work shed so far because the backlog was full
 */
public record ArbiterSnapshot(WorkerSettings settings, List<WorkerSnapshot> workers, int backlog, long shed) {

	public long requests() {
		return this.workers.stream().mapToLong(WorkerSnapshot::requests).sum();
	}

	public int active() {
		return this.workers.stream().mapToInt(WorkerSnapshot::active).sum();
	}

	public long errors() {
		return this.workers.stream().mapToLong(WorkerSnapshot::errors).sum();
	}

}
