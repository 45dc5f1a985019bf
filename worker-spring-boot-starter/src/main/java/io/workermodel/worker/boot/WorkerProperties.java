package io.workermodel.worker.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.workermodel.worker.ConcurrencyLimit;
import io.workermodel.worker.InvalidWorkerSettingException;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;

/**
 * The worker model's settings, under {@code worker.*}.
 *
 * @param enabled Whether the worker model runs the server's request processing; false leaves
 * Spring Boot as it is without the starter
 * @param workerClass The worker class: sync, gthread, virtual or reactive. Default reactive for a
 * WebFlux application on Reactor Netty; otherwise gthread, or virtual when
 * spring.threads.virtual.enabled is true
 * @param workers The number of workers. Default 4, or for reactive as many as Reactor Netty's
 * event loops (reactor.netty.ioWorkerCount, else the number of CPUs and at least 4); with
 * autoscaling, worker.autoscale.min
 * @param threads Number of platform threads of each gthread worker
 * @param connections Maximum number of requests each virtual or reactive worker runs at once
 * @param backlog Maximum number of requests held while every worker is busy; beyond it requests
 * are answered 503. Also
 * raises Tomcat's accept count (the listen backlog) to this, unless server.tomcat.accept-count is set
 * @param maxQueueTime How long a request may wait for a worker; past it, it is answered 503 with
 * Retry-After instead of being run, since its client has likely given up. 0 lets it wait as long
 * as the backlog holds it. A number without a unit is seconds
 * @param queueTimeHeader A header in which a proxy in front stamps when it received the request
 * (X-Request-Start or X-Queue-Start, as nginx, Heroku and Render write it), so that the time spent
 * before this server counts against max-queue-time too. Off unless set: a client can forge it
 * @param queueTarget How long a request is expected to wait for a worker at most: one expected to
 * wait longer, by the queue ahead of it, is answered 503 with Retry-After on arrival rather than
 * after waiting in vain; while a queue stands (it has not emptied for as long, and what was taken
 * from it waited longer), so is one behind a request that has waited longer already. Never
 * shorter than a request's usual time on a worker, and a queue of one round of the workers is
 * always held. 0 turns it off, leaving max-queue-time alone. A number without a unit is seconds:
 * write 100ms
 * @param limit How many requests each pool lets run at once: fixed (the workers' capacity),
 * gradient2 or vegas (adaptive: starts at the capacity and follows measured latency between a
 * floor of 10 and the capacity), or auto (gradient2 for virtual, fixed for the others)
 * @param priorityPaths Comma-separated list of path prefixes that, like the management endpoints,
 * are never shed, never wait behind application work and never count against the workers'
 * capacity
 * @param timeout How long a request may hold its thread or loop without progress (nothing
 * written, for a stream) before it is aborted; 0 turns it off. A number without a unit is seconds,
 * as in gunicorn
 * @param gracefulTimeout How long a retiring worker may finish its in-flight requests. A number
 * without a unit is seconds
 * @param maxRequests Number of requests after which a worker is recycled; 0 turns it off
 * @param maxRequestsJitter Maximum of a random number added to max-requests per worker, so
 * that workers do not all recycle at once
 * @param maxLifetime How long a worker serves before it is recycled; 0 turns it off. A number
 * without a unit is seconds
 * @param maxLifetimeJitter Maximum of a random time added to max-lifetime per worker. Recycles
 * happen one worker at a time whatever it draws. A number without a unit is seconds
 * @param autoscale The bounds within which the number of workers follows their busyness
 * @param blockedThreshold How long a reactive worker's event loop may go without running its
 * heartbeat before it is logged, with its stack, as blocked; 0 turns the check off. A number
 * without a unit is seconds: write 200ms
 * @param pinnedThreshold How long a virtual worker's thread may hold its carrier, pinned, before it
 * is counted against its request and logged with its stack (from the JVM's flight recorder); 0
 * turns the report off. A number without a unit is seconds: write 20ms
 * @param requestHooks Whether every WorkerListener bean hears of every request (beforeRequest,
 * afterRequest), not only those that ask to; off by default since they run on every request's
 * path
 * @param signals Unix signals that control the workers, as gunicorn's do
 */
@ConfigurationProperties("worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled, @Name("class") WorkerClass workerClass,
		Integer workers, @DefaultValue("50") int threads, @DefaultValue("1000") int connections,
		@DefaultValue("2048") int backlog,
		@DefaultValue("1s") @DurationUnit(ChronoUnit.SECONDS) Duration maxQueueTime, String queueTimeHeader,
		@DefaultValue("100ms") @DurationUnit(ChronoUnit.SECONDS) Duration queueTarget,
		@DefaultValue("auto") ConcurrencyLimit limit, @DefaultValue List<String> priorityPaths,
		@DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) Duration timeout,
		@DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) Duration gracefulTimeout,
		@DefaultValue("0") long maxRequests, @DefaultValue("0") long maxRequestsJitter,
		@DefaultValue("0s") @DurationUnit(ChronoUnit.SECONDS) Duration maxLifetime,
		@DefaultValue("0s") @DurationUnit(ChronoUnit.SECONDS) Duration maxLifetimeJitter,
		@DefaultValue Autoscale autoscale,
		@DefaultValue("200ms") @DurationUnit(ChronoUnit.SECONDS) Duration blockedThreshold,
		@DefaultValue("20ms") @DurationUnit(ChronoUnit.SECONDS) Duration pinnedThreshold,
		@DefaultValue("false") boolean requestHooks,
		@DefaultValue Signals signals) {

	private static final Logger logger = LoggerFactory.getLogger(WorkerProperties.class);

	private static final int THREAD_BASED_WORKERS = WorkerSettings.builder(WorkerClass.defaultFor(false, false))
		.build()
		.workers();

	/**
	 * The settings the arbiter runs with on that server.
	 * @param server the server, whose event loops, where it has them, make reactive the default
	 * class
	 * @throws InvalidWorkerSettingException if a value is out of range, or the class cannot run on
	 * the server
	 */
	public WorkerSettings toSettings(Environment environment, WorkerServer server) {
		WorkerClass effectiveClass = effectiveClass(environment, server.hasEventLoops());
		if (effectiveClass.runsOnEventLoops() && !server.hasEventLoops()) {
			throw new InvalidWorkerSettingException("class", effectiveClass.id(), "one of " + WorkerClass.threadBased(),
					"this is " + server.description()
							+ ", and reactive runs a WebFlux application on Reactor Netty's event loops");
		}
		WorkerSettings.Autoscale autoscale = this.autoscale.toSettings();
		return WorkerSettings.builder(effectiveClass)
			.workers(effectiveWorkers(effectiveClass, autoscale))
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
			.autoscale(autoscale)
			.blockedThreshold(this.blockedThreshold)
			.pinnedThreshold(this.pinnedThreshold)
			.build();
	}

	/**
	 * Bounds within which the autoscaler keeps the number of workers: it adds one while the workers
	 * stay busy with work waiting, and removes one while they stay idle. Off unless both are set;
	 * one alone is warned of at start-up.
	 *
	 * @param min The fewest workers the autoscaler keeps
	 * @param max The most workers the autoscaler runs
	 */
	public record Autoscale(Integer min, Integer max) {

		WorkerSettings.Autoscale toSettings() {
			if (this.min == null || this.max == null) {
				if (this.min != null || this.max != null) {
					String set = (this.min != null) ? "worker.autoscale.min=" + this.min
							: "worker.autoscale.max=" + this.max;
					logger.warn("{} does nothing: autoscaling is off unless worker.autoscale.min and "
							+ "worker.autoscale.max are both set", set);
				}
				return WorkerSettings.Autoscale.OFF;
			}
			return new WorkerSettings.Autoscale(this.min, this.max);
		}

	}

	/**
	 * Unix signals that control the workers.
	 *
	 * @param enabled Whether HUP reloads the workers, TTIN adds one and TTOU removes one. HUP then
	 * no longer stops the JVM
	 */
	public record Signals(@DefaultValue("false") boolean enabled) {
	}

	/**
	 * A reactive application keeps its event loops, and one that asked Spring Boot for virtual
	 * threads keeps them, when it adds the starter.
	 */
	private WorkerClass effectiveClass(Environment environment, boolean eventLoopServer) {
		if (this.workerClass != null) {
			return this.workerClass;
		}
		return WorkerClass.defaultFor(eventLoopServer, Threading.VIRTUAL.isActive(environment));
	}

	/** Why the class in force was chosen, for the start-up log: set, Spring Boot's switch, or a default. */
	String classChoice(Environment environment, WorkerServer server) {
		if (this.workerClass != null) {
			return "set by worker.class";
		}
		if (server.hasEventLoops()) {
			return "the default for a WebFlux application on Reactor Netty";
		}
		return Threading.VIRTUAL.isActive(environment) ? "as spring.threads.virtual.enabled=true asks"
				: "the default for " + server.description();
	}

	/** As many event loops as Reactor Netty runs by default; thread-based workers as gunicorn's few processes. */
	private int effectiveWorkers(WorkerClass effectiveClass, WorkerSettings.Autoscale autoscale) {
		if (this.workers != null) {
			return this.workers;
		}
		if (autoscale.enabled()) {
			// As uWSGI's cheaper mode: the fewest, and more only once work waits.
			return autoscale.min();
		}
		return effectiveClass.runsOnEventLoops() ? reactorNettyLoops() : THREAD_BASED_WORKERS;
	}

	/**
	 * Reactor Netty's {@code LoopResources.DEFAULT_IO_WORKER_COUNT}, worked out here because a
	 * Tomcat application has no Reactor Netty to ask (and is told that reactive needs it).
	 */
	private static int reactorNettyLoops() {
		return Integer.getInteger("reactor.netty.ioWorkerCount", Math.max(Runtime.getRuntime().availableProcessors(), 4));
	}

}
