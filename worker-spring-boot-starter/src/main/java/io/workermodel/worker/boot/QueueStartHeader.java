package io.workermodel.worker.boot;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Reads when a proxy in front received a request, from the header it stamps that in
 * ({@code X-Request-Start} or {@code X-Queue-Start}), so that the time the request waited there
 * counts against {@code max-queue-time} too. Takes the forms proxies write: nginx's
 * {@code t=1733120000.123} (seconds with a fraction), and whole milliseconds, microseconds or
 * nanoseconds since the epoch (Heroku, Render and APM agents), with or without {@code t=}.
 */
public final class QueueStartHeader {

	/** The largest whole number of seconds, milliseconds and microseconds since the epoch, by digits. */
	private static final int SECONDS_DIGITS = 10;

	private static final int MILLIS_DIGITS = 13;

	private static final int MICROS_DIGITS = 16;

	private final String name;

	public QueueStartHeader(String name) {
		this.name = name;
	}

	/** The header's name. */
	public String name() {
		return this.name;
	}

	/**
	 * How long ago the proxy stamped the request, in nanoseconds.
	 * @param value the header's value, or {@code null} when the request has none
	 * @return the time, or 0 when there is no stamp, it cannot be read, or it lies ahead of this
	 * server's clock
	 */
	public long waitedNanos(String value) {
		if (value == null) {
			return 0;
		}
		long stampNanos = epochNanos(value.trim());
		if (stampNanos <= 0) {
			return 0;
		}
		Instant now = Instant.now();
		long nowNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
		return Math.max(0, nowNanos - stampNanos);
	}

	private static long epochNanos(String value) {
		String stamp = value.startsWith("t=") ? value.substring(2) : value;
		try {
			if (stamp.indexOf('.') >= 0) {
				return (long) (Double.parseDouble(stamp) * TimeUnit.SECONDS.toNanos(1));
			}
			long whole = Long.parseLong(stamp);
			int digits = stamp.length();
			if (digits <= SECONDS_DIGITS) {
				return TimeUnit.SECONDS.toNanos(whole);
			}
			if (digits <= MILLIS_DIGITS) {
				return TimeUnit.MILLISECONDS.toNanos(whole);
			}
			return (digits <= MICROS_DIGITS) ? TimeUnit.MICROSECONDS.toNanos(whole) : whole;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
