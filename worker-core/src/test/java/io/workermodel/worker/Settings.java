package io.workermodel.worker;

import java.time.Duration;

/** Settings for tests, with the production defaults where a test does not care. */
final class Settings {

	static final Duration BLOCKED_THRESHOLD = Duration.ofMillis(200);

	private Settings() {
	}

	static WorkerSettings of(WorkerClass workerClass, int workers, int perWorker, int backlog) {
		return of(workerClass, workers, perWorker, backlog, Duration.ofSeconds(30));
	}

	static WorkerSettings of(WorkerClass workerClass, int workers, int perWorker, int backlog, Duration graceful) {
		return new WorkerSettings(workerClass, workers, perWorker, perWorker, backlog, Duration.ofSeconds(30), graceful,
				0, 0, BLOCKED_THRESHOLD);
	}

	static WorkerSettings supervised(WorkerClass workerClass, int workers, int perWorker, Duration timeout,
			long maxRequests) {
		return new WorkerSettings(workerClass, workers, perWorker, perWorker, 2048, timeout, Duration.ofSeconds(30),
				maxRequests, 0, BLOCKED_THRESHOLD);
	}

}
