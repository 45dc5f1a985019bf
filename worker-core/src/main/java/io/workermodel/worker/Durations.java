package io.workermodel.worker;

import java.time.Duration;

/** Durations as people write them in properties, {@code 30s} or {@code 200ms}, for logs and messages. */
public final class Durations {

	private Durations() {
	}

	/** In the largest unit that states it exactly, as Spring Boot's simple style prints it. */
	public static String text(Duration duration) {
		long nanos = duration.toNanos();
		if (nanos % 1_000_000 != 0) {
			return nanos + "ns";
		}
		long millis = nanos / 1_000_000;
		if (millis % 1000 != 0 || millis == 0) {
			return (millis == 0) ? "0s" : millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		return (seconds % 60 == 0) ? seconds / 60 + "m" : seconds + "s";
	}

}
