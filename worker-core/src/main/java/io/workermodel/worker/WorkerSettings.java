package io.workermodel.worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.workermodel.worker.jvm.VirtualThreads;

/**
 * How the arbiter runs its workers. Validated on construction, so that a worker model never starts
 * with a setting it cannot honour. Built with {@link #builder}, which starts from the documented
 * defaults.
 *
 * @param workerClass the worker class
 * @param workers the number of workers
 * @param threads platform threads per {@code gthread} worker
 * @param connections requests in flight per {@code virtual} (or {@code reactive}) worker
 * @param backlog units of work held while every worker is at capacity; beyond it work is shed
 * @param maxQueueTime how long work may wait for a worker before it is answered as overloaded
 * instead of run; zero lets it wait as long as the backlog holds it
 * @param queueTarget how long work is expected to wait for a worker at most: work expected to wait
 * longer is refused on arrival, and while a queue stands so is work behind work that waited longer;
 * never shorter than a request's usual time on a worker; zero leaves {@code maxQueueTime} alone
 * @param limit how many units of work the pool lets run at once: its capacity, or a limit that
 * follows measured latency
 * @param timeout how long a request may hold its thread or loop without progress before it is
 * aborted; zero turns it off
 * @param gracefulTimeout how long a retiring worker may finish its in-flight work
 * @param maxRequests requests after which a worker is recycled; zero turns it off
 * @param maxRequestsJitter the upper bound of a random number added to {@code maxRequests} per worker
 * @param maxLifetime how long a worker serves before it is recycled; zero turns it off
 * @param maxLifetimeJitter the upper bound of a random duration added to {@code maxLifetime} per
 * worker
 * @param autoscale the bounds within which the number of workers follows their busyness, or
 * {@link Autoscale#OFF}
 * @param blockedThreshold how long a {@code reactive} worker's loop may go without running its
 * heartbeat before it is reported as blocked; zero turns the check off
 * @param pinnedThreshold how long a {@code virtual} worker's thread may hold its carrier, pinned,
 * before it is reported; zero turns the report off
 */
public record WorkerSettings(WorkerClass workerClass, int workers, int threads, int connections, int backlog,
		Duration maxQueueTime, Duration queueTarget, ConcurrencyLimit limit, Duration timeout, Duration gracefulTimeout,
		long maxRequests, long maxRequestsJitter, Duration maxLifetime, Duration maxLifetimeJitter, Autoscale autoscale,
		Duration blockedThreshold, Duration pinnedThreshold) {

	/**
	 * The most workers: far beyond what a machine serves well (gunicorn suggests 2 to 4 per CPU),
	 * low enough that a typo cannot exhaust it.
	 */
	public static final int MAX_WORKERS = 1024;

	/**
	 * The most platform threads the workers may start in all: ten times Tomcat's default pool;
	 * 600 gthread workers typed for 6 would start 30,000 and exhaust the machine.
	 */
	public static final int MAX_PLATFORM_THREADS = 10_000;

	/** The most requests at once per virtual or reactive worker. */
	public static final int MAX_CONNECTIONS = 100_000;

	public WorkerSettings {
		Objects.requireNonNull(workerClass, "workerClass");
		Objects.requireNonNull(autoscale, "autoscale");
		Objects.requireNonNull(limit, "limit");
		if (workerClass.runsOnVirtualThreads() && !VirtualThreads.supported()) {
			throw new InvalidWorkerSettingException("class", workerClass.id(),
					"sync or gthread, or run on Java 21 or newer",
					"virtual threads need Java 21 or newer, and this JVM is Java " + Runtime.version().feature());
		}
		within("workers", workers, 1, MAX_WORKERS);
		within("threads", threads, 1, MAX_PLATFORM_THREADS);
		within("connections", connections, 1, MAX_CONNECTIONS);
		atLeast("backlog", backlog, 0);
		notNegative("max-queue-time", maxQueueTime);
		notNegative("queue-target", queueTarget);
		notNegative("timeout", timeout);
		notNegative("graceful-timeout", gracefulTimeout);
		atLeast("max-requests", maxRequests, 0);
		atLeast("max-requests-jitter", maxRequestsJitter, 0);
		notNegative("max-lifetime", maxLifetime);
		notNegative("max-lifetime-jitter", maxLifetimeJitter);
		notNegative("blocked-threshold", blockedThreshold);
		notNegative("pinned-threshold", pinnedThreshold);
		int perWorker = workerClass.platformThreads(threads);
		int most = Math.max(workers, autoscale.max());
		if ((long) most * perWorker > MAX_PLATFORM_THREADS) {
			String setting = (autoscale.max() > workers) ? "autoscale.max" : "workers";
			throw new InvalidWorkerSettingException(setting, most,
					"at most " + MAX_PLATFORM_THREADS / perWorker + " with " + perWorker + " threads each",
					most + " " + workerClass + " workers would start " + (long) most * perWorker
							+ " platform threads, more than " + MAX_PLATFORM_THREADS);
		}
	}

	/** Settings of that class with the defaults, to change where they do not fit. */
	public static Builder builder(WorkerClass workerClass) {
		return new Builder(workerClass);
	}

	/** These settings with another number of workers, validated likewise. */
	public WorkerSettings withWorkers(int workers) {
		return toBuilder().workers(workers).build();
	}

	/** A builder that starts from these settings. */
	public Builder toBuilder() {
		return builder(this.workerClass).workers(this.workers)
			.threads(this.threads)
			.connections(this.connections)
			.backlog(this.backlog)
			.maxQueueTime(this.maxQueueTime)
			.queueTarget(this.queueTarget)
			.limit(this.limit)
			.timeout(this.timeout)
			.gracefulTimeout(this.gracefulTimeout)
			.maxRequests(this.maxRequests, this.maxRequestsJitter)
			.maxLifetime(this.maxLifetime, this.maxLifetimeJitter)
			.autoscale(this.autoscale)
			.blockedThreshold(this.blockedThreshold)
			.pinnedThreshold(this.pinnedThreshold);
	}

	/** How many units of work each worker runs at once. */
	public int capacity() {
		return this.workerClass.capacity(this);
	}

	/**
	 * Each setting by its name in Java ({@code pinnedThreshold}, {@code worker.pinned-threshold} to
	 * users), in the order of the user guide, with its value as set: what the endpoint shows and
	 * what the start-up warnings compare with the defaults.
	 */
	public Map<String, Object> values() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("workerClass", this.workerClass);
		values.put("workers", this.workers);
		values.put("threads", this.threads);
		values.put("connections", this.connections);
		values.put("backlog", this.backlog);
		values.put("maxQueueTime", this.maxQueueTime);
		values.put("queueTarget", this.queueTarget);
		values.put("limit", this.limit);
		values.put("timeout", this.timeout);
		values.put("gracefulTimeout", this.gracefulTimeout);
		values.put("maxRequests", this.maxRequests);
		values.put("maxRequestsJitter", this.maxRequestsJitter);
		values.put("maxLifetime", this.maxLifetime);
		values.put("maxLifetimeJitter", this.maxLifetimeJitter);
		values.put("autoscale", this.autoscale);
		values.put("blockedThreshold", this.blockedThreshold);
		values.put("pinnedThreshold", this.pinnedThreshold);
		return values;
	}

	/**
	 * Whether the setting of that name, as {@link #values()} names it, does anything for the
	 * class: most act on every class, a few on the classes with some trait only.
	 */
	public static boolean appliesTo(String setting, WorkerClass workerClass) {
		return switch (setting) {
			case "threads" -> workerClass.bound() == WorkerClass.Capacity.THREADS;
			case "connections" -> workerClass.bound() == WorkerClass.Capacity.CONNECTIONS;
			case "backlog", "queueTarget", "limit" -> workerClass.holdsBacklog();
			case "blockedThreshold" -> workerClass.runsOnEventLoops();
			case "pinnedThreshold" -> workerClass.runsOnVirtualThreads();
			default -> true;
		};
	}

	/** How long work may wait for a worker before it is refused. */
	public QueueDeadline queueDeadline() {
		return new QueueDeadline(this.maxQueueTime, this.queueTarget);
	}

	/**
	 * The settings as the start-up log says them: {@code 4 gthread workers (50 threads each,
	 * backlog 2048, queue-target 100ms, max-queue-time 1s, timeout 30s)}.
	 */
	public String summary() {
		return this.workers + " " + this.workerClass + " worker" + ((this.workers == 1) ? "" : "s") + " ("
				+ this.workerClass.capacityText(this) + " each"
				+ (this.workerClass.holdsBacklog()
						? ", backlog " + this.backlog + ", queue-target " + Durations.text(this.queueTarget)
								+ ", max-queue-time " + Durations.text(this.maxQueueTime)
						: "")
				+ ", timeout " + Durations.text(this.timeout) + ")";
	}

	/** When workers ask to be recycled. */
	Recycling recycling() {
		return new Recycling(this.maxRequests, this.maxRequestsJitter, this.maxLifetime, this.maxLifetimeJitter);
	}

	private static void within(String setting, int value, int minimum, int maximum) {
		if (value < minimum || value > maximum) {
			throw new InvalidWorkerSettingException(setting, value, "an integer from " + minimum + " to " + maximum);
		}
	}

	private static void atLeast(String setting, long value, long minimum) {
		if (value < minimum) {
			throw new InvalidWorkerSettingException(setting, value, "an integer of at least " + minimum);
		}
	}

	private static void notNegative(String setting, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidWorkerSettingException(setting, (value != null) ? Durations.text(value) : null,
					"a duration of zero or more, such as 30s");
		}
	}

	/**
	 * The bounds within which the autoscaler keeps the number of workers.
	 *
	 * @param min the fewest workers; 0 with {@code max} 0 turns autoscaling off
	 * @param max the most workers
	 */
	public record Autoscale(int min, int max) {

		/** No autoscaling: the number of workers changes only when an operator scales. */
		public static final Autoscale OFF = new Autoscale(0, 0);

		public Autoscale {
			if (min != 0 || max != 0) {
				within("autoscale.min", min, 1, MAX_WORKERS);
				if (max < min || max > MAX_WORKERS) {
					throw new InvalidWorkerSettingException("autoscale.max", max,
							"an integer from worker.autoscale.min (" + min + ") to " + MAX_WORKERS);
				}
			}
		}

		public boolean enabled() {
			return this.max > 0;
		}

		/** The number of workers brought within these bounds. */
		int clamp(int workers) {
			return enabled() ? Math.max(this.min, Math.min(workers, this.max)) : workers;
		}

	}

	/** Settings to build, starting from the defaults the user guide documents. */
	public static final class Builder {

		private WorkerClass workerClass;

		private int workers = 4;

		private int threads = 50;

		private int connections = 1000;

		private int backlog = 2048;

		private Duration maxQueueTime = Duration.ofSeconds(1);

		private Duration queueTarget = Duration.ofMillis(100);

		private ConcurrencyLimit limit = ConcurrencyLimit.AUTO;

		private Duration timeout = Duration.ofSeconds(30);

		private Duration gracefulTimeout = Duration.ofSeconds(30);

		private long maxRequests;

		private long maxRequestsJitter;

		private Duration maxLifetime = Duration.ZERO;

		private Duration maxLifetimeJitter = Duration.ZERO;

		private Autoscale autoscale = Autoscale.OFF;

		private Duration blockedThreshold = Duration.ofMillis(200);

		private Duration pinnedThreshold = Duration.ofMillis(20);

		private Builder(WorkerClass workerClass) {
			this.workerClass = workerClass;
		}

		public Builder workerClass(WorkerClass workerClass) {
			this.workerClass = workerClass;
			return this;
		}

		public Builder workers(int workers) {
			this.workers = workers;
			return this;
		}

		public Builder threads(int threads) {
			this.threads = threads;
			return this;
		}

		public Builder connections(int connections) {
			this.connections = connections;
			return this;
		}

		public Builder backlog(int backlog) {
			this.backlog = backlog;
			return this;
		}

		public Builder maxQueueTime(Duration maxQueueTime) {
			this.maxQueueTime = maxQueueTime;
			return this;
		}

		public Builder queueTarget(Duration queueTarget) {
			this.queueTarget = queueTarget;
			return this;
		}

		public Builder limit(ConcurrencyLimit limit) {
			this.limit = limit;
			return this;
		}

		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		public Builder gracefulTimeout(Duration gracefulTimeout) {
			this.gracefulTimeout = gracefulTimeout;
			return this;
		}

		/** Recycles a worker after {@code maxRequests} plus a random number up to {@code jitter}. */
		public Builder maxRequests(long maxRequests, long jitter) {
			this.maxRequests = maxRequests;
			this.maxRequestsJitter = jitter;
			return this;
		}

		/** Recycles a worker once it has served {@code maxLifetime} plus a random time up to {@code jitter}. */
		public Builder maxLifetime(Duration maxLifetime, Duration jitter) {
			this.maxLifetime = maxLifetime;
			this.maxLifetimeJitter = jitter;
			return this;
		}

		public Builder autoscale(Autoscale autoscale) {
			this.autoscale = autoscale;
			return this;
		}

		public Builder blockedThreshold(Duration blockedThreshold) {
			this.blockedThreshold = blockedThreshold;
			return this;
		}

		public Builder pinnedThreshold(Duration pinnedThreshold) {
			this.pinnedThreshold = pinnedThreshold;
			return this;
		}

		/** @throws InvalidWorkerSettingException if a value is out of range */
		public WorkerSettings build() {
			return new WorkerSettings(this.workerClass, this.workers, this.threads, this.connections, this.backlog,
					this.maxQueueTime, this.queueTarget, this.limit, this.timeout, this.gracefulTimeout, this.maxRequests,
					this.maxRequestsJitter, this.maxLifetime, this.maxLifetimeJitter, this.autoscale,
					this.blockedThreshold, this.pinnedThreshold);
		}

	}

}
