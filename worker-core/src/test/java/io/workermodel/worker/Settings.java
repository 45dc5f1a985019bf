package io.workermodel.worker;

import java.time.Duration;

/**
 * Settings for tests: the defaults, with the class's capacity per worker set, a fixed limit, no
 * queue-time deadline and no queue target, so that what a test holds in the backlog waits as long
 * as the test needs however slow the machine; the tests of the limit, the deadline and the target
 * set their own.
 */
final class Settings {

	static final Duration BLOCKED_THRESHOLD = WorkerSettings.builder(WorkerClass.REACTIVE).build().blockedThreshold();

	private Settings() {
	}

	/** Settings of the class with {@code perWorker} as both threads and connections. */
	static WorkerSettings.Builder of(WorkerClass workerClass, int workers, int perWorker) {
		return WorkerSettings.builder(workerClass)
			.workers(workers)
			.threads(perWorker)
			.connections(perWorker)
			.limit(ConcurrencyLimit.FIXED)
			.maxQueueTime(Duration.ZERO)
			.queueTarget(Duration.ZERO);
	}

}
