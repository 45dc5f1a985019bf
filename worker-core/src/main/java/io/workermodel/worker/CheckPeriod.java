package io.workermodel.worker;

import java.time.Duration;

/** How often the arbiter's thread checks for something that must not pass a limit. */
final class CheckPeriod {

	private static final long LONGEST_MILLIS = 1000;

	private CheckPeriod() {
	}

	/**
	 * Often enough that something is found within a quarter of its limit of passing it, and at
	 * least once a second.
	 * @return the period in milliseconds
	 */
	static long millis(Duration limit) {
		return Math.max(1, Math.min(limit.toMillis() / 4, LONGEST_MILLIS));
	}

}
