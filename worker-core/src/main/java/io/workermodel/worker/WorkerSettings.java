package io.workermodel.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * How the arbiter runs its workers. Validated on construction, so that a worker model never starts
 * with a setting it cannot honour.
 *
 * @param workerClass the worker class
 * @param workers the number of workers
 * @param threads platform threads per {@code gthread} worker
 * @param connections requests in flight per {@code virtual} (or {@code reactive}) worker
 * @param backlog units of work held while every worker is at capacity; beyond it work is shed
 * @param timeout how long a request may run before it is aborted; zero turns it off
 * @param gracefulTimeout how long a retiring worker may finish its in-flight work
 * @param maxRequests requests after which a worker is recycled; zero turns it off
 * @param maxRequestsJitter the upper bound of a random number added to {@code maxRequests} per worker
 * @param blockedThreshold how long a {@code reactive} worker's loop may go without running its
 * heartbeat before it is reported as blocked; zero turns the check off
 */
public record WorkerSettings(WorkerClass workerClass, int workers, int threads, int connections, int backlog,
		Duration timeout, Duration gracefulTimeout, long maxRequests, long maxRequestsJitter,
		Duration blockedThreshold) {

	public WorkerSettings {
		Objects.requireNonNull(workerClass, "workerClass");
		atLeast("workers", workers, 1);
		atLeast("threads", threads, 1);
		atLeast("connections", connections, 1);
		atLeast("backlog", backlog, 0);
		notNegative("timeout", timeout);
		notNegative("graceful-timeout", gracefulTimeout);
		atLeast("max-requests", maxRequests, 0);
		atLeast("max-requests-jitter", maxRequestsJitter, 0);
		notNegative("blocked-threshold", blockedThreshold);
	}

	/** These settings with another number of workers, validated likewise. */
	public WorkerSettings withWorkers(int workers) {
		return new WorkerSettings(this.workerClass, workers, this.threads, this.connections, this.backlog, this.timeout,
				this.gracefulTimeout, this.maxRequests, this.maxRequestsJitter, this.blockedThreshold);
	}

	/** How many units of work each worker runs at once. */
	public int capacity() {
		return this.workerClass.capacity(this);
	}

	private static void atLeast(String setting, long value, long minimum) {
		if (value < minimum) {
			throw new InvalidWorkerSettingException(setting, value, "an integer of at least " + minimum);
		}
	}

	private static void notNegative(String setting, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidWorkerSettingException(setting, value, "a duration of zero or more, such as 30s");
		}
	}

}
