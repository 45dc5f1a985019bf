package io.workermodel.worker;

import java.time.Instant;

/**
 * A worker's state and stats at one moment.
 *
 * @param id the worker's slot, from 1 to the number of workers
 * @param generation how many workers have held this slot, this one included
 * @param workerClass the worker's class, as written in {@code worker.class}: during a switch the
 * workers still draining are of the class switched from
 * @param state where the worker is in its life
 * @param bootedAt when the worker started serving, or {@code null} if it has not yet
 * @param requests requests completed on this worker
 * @param active requests in flight on this worker
 * @param waiting of those, requests that wait holding no thread and no loop's attention, as
 * asynchronous servlet requests do between their parts
 * @param connections connections open on a {@code reactive} worker's loop; 0 for the thread-based
 * classes, whose connections belong to the container
 * @param websockets of those connections, the ones upgraded to WebSockets: they outlive the
 * worker's retirement, its loop serving them until they close
 * @param errors requests that ended with an exception or a server error
 * @param timeouts requests aborted for running past the timeout
 * @param stuck aborted requests whose threads still run, ignoring their interruption
 * @param blocked stalls of a {@code reactive} worker's loop past the blocked threshold
 * @param busy the share of its capacity in use over the last second, from 0 to 1
 * @param lastRequestAt when the last request ended, or {@code null} if none has
 */
public record WorkerSnapshot(int id, int generation, String workerClass, WorkerState state, Instant bootedAt,
		long requests, int active, int waiting, int connections, int websockets, long errors, long timeouts, int stuck,
		long blocked, double busy, Instant lastRequestAt) {

	/** This snapshot with what an event loop's worker adds: its connections and its loop's stalls. */
	WorkerSnapshot onLoop(int connections, int websockets, long blocked) {
		return new WorkerSnapshot(this.id, this.generation, this.workerClass, this.state, this.bootedAt, this.requests,
				this.active, this.waiting, connections, websockets, this.errors, this.timeouts, this.stuck, blocked,
				this.busy, this.lastRequestAt);
	}

}
