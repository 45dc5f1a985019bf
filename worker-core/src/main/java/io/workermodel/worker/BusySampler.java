package io.workermodel.worker;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples the share of each serving worker's capacity in use ten times a second, off the request
 * path, for the busy ratio of each worker (the mean of its last second).
 */
final class BusySampler {

	private static final long PERIOD_MILLIS = 1000 / BusyRatio.SAMPLES;

	private final Supplier<Worker[]> serving;

	BusySampler(Supplier<Worker[]> serving) {
		this.serving = serving;
	}

	void scheduleOn(ScheduledExecutorService executor) {
		executor.scheduleAtFixedRate(this::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void sample() {
		for (Worker worker : this.serving.get()) {
			worker.sampleBusy();
		}
	}

}
