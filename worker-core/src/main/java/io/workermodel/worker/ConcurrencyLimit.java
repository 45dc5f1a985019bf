package io.workermodel.worker;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;

/**
 * How many units of work a pool lets run at once. {@code fixed} is the workers' capacity; the
 * adaptive algorithms, Netflix concurrency-limits' own, move the limit with the latency they
 * measure, between a floor and that capacity, so that work beyond what the application's
 * downstream can take waits in the backlog (and meets its queue-time deadline) instead of piling
 * up on a database pool.
 */
public enum ConcurrencyLimit {

	/** The class's own choice: {@code gradient2} for {@code virtual}, {@code fixed} for the rest. */
	AUTO("auto"),

	/** The workers' capacity: threads bound {@code sync} and {@code gthread} exactly already. */
	FIXED("fixed"),

	/** Gradient2: grows while latency stays near its long-run average, shrinks as it climbs. */
	GRADIENT2("gradient2"),

	/** Vegas: estimates the queue from the lowest latency seen and keeps it short. */
	VEGAS("vegas");

	/** The fewest units an adaptive limit lets run, unless the capacity is smaller. */
	private static final int FLOOR = 10;

	private final String id;

	ConcurrencyLimit(String id) {
		this.id = id;
	}

	/** The name users write in {@code worker.limit}. */
	public String id() {
		return this.id;
	}

	/**
	 * The adaptive limit for a pool that can run {@code initial} units at once now and
	 * {@code largest} once scaled to its most workers. It starts at the capacity, not at Netflix's
	 * 20: a fresh pool (every deploy, restart or new instance) must serve any burst it was sized
	 * for, and these algorithms lower a limit only on evidence that latency grows with concurrency.
	 * Called on an algorithm {@linkplain WorkerClass#limit resolved} for the pool's class.
	 * @return the limit, or {@code null} for {@code fixed}
	 */
	Limit create(int initial, int largest) {
		int floor = Math.min(FLOOR, largest);
		return switch (this) {
			case GRADIENT2 -> Gradient2Limit.newBuilder()
				.minLimit(floor)
				.initialLimit(initial)
				.maxConcurrency(largest)
				.build();
			case VEGAS -> VegasLimit.newBuilder().initialLimit(initial).maxConcurrency(largest).build();
			default -> null;
		};
	}

	/**
	 * The limit of that name, ignoring case.
	 * @throws InvalidWorkerSettingException naming the accepted names when there is none
	 */
	public static ConcurrencyLimit of(String name) {
		for (ConcurrencyLimit candidate : values()) {
			if (candidate.id.equalsIgnoreCase(name.trim())) {
				return candidate;
			}
		}
		throw new InvalidWorkerSettingException("limit", name,
				"one of " + Arrays.stream(values()).map(ConcurrencyLimit::id).collect(Collectors.joining(", ")));
	}

	@Override
	public String toString() {
		return this.id;
	}

}
