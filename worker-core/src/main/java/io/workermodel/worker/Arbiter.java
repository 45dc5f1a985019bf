package io.workermodel.worker;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.workermodel.worker.jvm.CarrierWatch;
import io.workermodel.worker.jvm.ClassLoadingWatch;
import io.workermodel.worker.jvm.ClassPreloader;
import io.workermodel.worker.jvm.ExitBound;
import io.workermodel.worker.jvm.PlatformThreads;
import io.workermodel.worker.jvm.RequestThreads;
import io.workermodel.worker.jvm.SupervisorLog;
import io.workermodel.worker.jvm.VirtualThreads;

/**
 * Changes the set of workers, as gunicorn's arbiter does: spawns one worker per slot into the
 * serving {@link WorkerPool}, and replaces, adds and removes workers without losing work: a
 * replacement serves before the worker it replaces stops taking work, and a retiring worker
 * finishes its in-flight work within the graceful timeout. The {@link Watchdog}, the
 * {@link LoopHeartbeat} and the {@link BusySampler} run beside it on its thread; a container
 * hands its work to the {@link #dispatcher()}, a reactive server its connections to the
 * {@link #balancer()}.
 */
public final class Arbiter implements AutoCloseable {

	private static final SupervisorLog log = SupervisorLog.of(Arbiter.class);

	private final Listeners listeners;

	private final Shedding shedding;

	private final Supervision supervision;

	private final EventLoops loops;

	private final PinnedThreads pinned;

	private final Dispatcher dispatcher;

	/** Halts a JVM whose exit is wedged, as by request threads that never end. */
	private final ExitBound exitBound;

	private final Watchdog watchdog;

	private final BusySampler busySampler;

	private final Recycler recycler;

	private final Retirements retirements;

	private final Autoscaler autoscaler;

	private final Findings findings;

	private final CarrierWatch carriers;

	private final ClassLoadingWatch classLoading;

	private final RequestThreads requestThreads;

	/** Runs every change to the workers' lives and the checks beside them, one at a time. */
	private final ScheduledExecutorService supervisor = Executors
		.newSingleThreadScheduledExecutor((task) -> PlatformThreads.daemon("worker-arbiter", task));

	private volatile WorkerPool<?> pool;

	private volatile WorkerSettings settings;

	private volatile boolean closed;

	private boolean started;

	/** An arbiter with no listeners, whose dispatcher refuses by throwing what it sheds. */
	public Arbiter(WorkerSettings settings) {
		this(builder(settings));
	}

	private Arbiter(Builder builder) {
		this.settings = builder.settings;
		this.listeners = new Listeners(builder.listeners, builder.requestHooks);
		this.shedding = new Shedding(builder.shedder,
				(waitedNanos) -> this.listeners.tell((listener) -> listener.workRefused(waitedNanos)));
		this.recycler = new Recycler(() -> this.pool.workers(), this::replaceIfServing, this.supervisor);
		this.retirements = new Retirements(this.settings.gracefulTimeout(), this.supervisor, this.listeners,
				this.recycler);
		this.carriers = new CarrierWatch(this::servesOnVirtualThreads, this::virtualThreads,
				(waitedMillis) -> this.listeners.tell((listener) -> listener.carriersStarved(waitedMillis)));
		this.classLoading = new ClassLoadingWatch(ManagementFactory.getClassLoadingMXBean()::getTotalLoadedClassCount);
		this.requestThreads = new RequestThreads(this.classLoading, this.carriers::starved);
		this.pinned = new PinnedThreads(this.settings.pinnedThreshold(), this::servesOnVirtualThreads, this.listeners);
		this.supervision = new Supervision(new ArbiterEvents(this.shedding, this.listeners, this.pinned, this.recycler,
				this::replaceIfServing, this.retirements::closedAfterRetirement), this.shedding, builder.intake,
				this.requestThreads);
		this.loops = new EventLoops(builder.loops, new LoopHeartbeat(this.settings.blockedThreshold(),
				(worker, stalledNanos) -> this.listeners.tell((listener) -> listener.loopBlocked(worker, stalledNanos))),
				new ConnectionBalancer());
		this.pool = this.settings.workerClass().pool(this.settings, this.supervision, this.loops);
		this.dispatcher = new Dispatcher(() -> this.pool, this.shedding, this.classLoading::workArrived);
		this.watchdog = new Watchdog(this.settings.timeout(), this::everyWorker, this.listeners);
		this.exitBound = new ExitBound(this.settings.gracefulTimeout());
		this.busySampler = new BusySampler(() -> this.pool.workers());
		this.autoscaler = new Autoscaler(this.settings.autoscale(), () -> this.pool, this::resize);
		this.findings = new Findings(this.watchdog, this.carriers, this.requestThreads, this.pinned, this.autoscaler);
	}

	public static Builder builder(WorkerSettings settings) {
		return new Builder(settings);
	}

	/** Spawns the workers. Work handed to the dispatcher before this waits in the backlog. */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		// Before any request: the supervisor's threads must never wait on a class load a request holds.
		ClassPreloader.loadPackageOf(Arbiter.class);
		SupervisorLog.loadFramework();
		int count = this.settings.autoscale().clamp(this.settings.workers());
		if (count != this.settings.workers()) {
			// Within the autoscaler's bounds from the start, and the settings say so.
			this.settings = this.settings.withWorkers(count);
		}
		this.pool.grow(count, (slot) -> 1);
		Worker[] workers = this.pool.workers();
		this.started = true;
		log.info("Started {}", this.settings.summary());
		for (Worker worker : workers) {
			this.listeners.tell((listener) -> listener.workerStarted(worker.snapshot()));
		}
		this.busySampler.scheduleOn(this.supervisor);
		this.watchdog.scheduleOn(this.supervisor);
		this.loops.heartbeat().scheduleOn(this.supervisor);
		this.carriers.scheduleOn(this.supervisor);
		if (VirtualThreads.supported()) {
			this.classLoading.scheduleOn(this.supervisor);
		}
		this.pinned.scheduleOn(this.supervisor);
		this.recycler.scheduleOn(this.supervisor, this.settings.recycling().lifetimeSweepMillis());
		this.exitBound.install();
		this.autoscaler.scheduleOn(this.supervisor);
		this.supervisor.scheduleWithFixedDelay(() -> this.pool.restLimit(), 1, 1, TimeUnit.SECONDS);
		QueueDeadline deadline = this.settings.queueDeadline();
		if (deadline.isSet()) {
			// Also when no worker frees up to find it: the client hears at the deadline, not later.
			long period = deadline.sweepMillis();
			this.supervisor.scheduleWithFixedDelay(() -> this.pool.expireWaiting(), period, period,
					TimeUnit.MILLISECONDS);
		}
	}

	/** What a container hands its work to. */
	public Dispatcher dispatcher() {
		return this.dispatcher;
	}

	/**
	 * Starts the threads that a server's own request work runs on where it would run on virtual
	 * threads: virtual ones once they are safe, platform ones until then.
	 */
	public RequestThreads requestThreads() {
		return this.requestThreads;
	}

	/** What a reactive server hands its new connections to. */
	public ConnectionBalancer balancer() {
		return this.loops.balancer();
	}

	/** The settings in force; {@code workers} follows {@link #scale}. */
	public WorkerSettings settings() {
		return this.settings;
	}

	public ArbiterSnapshot snapshot() {
		List<WorkerSnapshot> workers = Arrays.stream(this.pool.workers()).map(Worker::snapshot).toList();
		List<WorkerSnapshot> retiring = this.retirements.retiring().stream().map(Worker::snapshot).toList();
		return new ArbiterSnapshot(this.settings, workers, retiring, this.retirements.totals(), this.pool.waiting(),
				this.pool.queueStands(), this.shedding.shedCount(), this.shedding.expiredCount(), this.dispatcher.limit(),
				this.findings.stuck(), this.findings.platformThreads(), this.findings.starved(), this.findings.starvations(),
				this.findings.pinned(), this.findings.autoscaling());
	}

	/** What the watchers beside the arbiter have found, each read live. */
	public Findings findings() {
		return this.findings;
	}

	/** The worker in that slot, if there is one. */
	public Optional<WorkerSnapshot> worker(int id) {
		return slot(id).map(Worker::snapshot);
	}

	/** Replaces the worker in that slot with a fresh one, which serves before the old one drains. */
	public synchronized Optional<WorkerSnapshot> restart(int id) {
		requireOpen();
		return slot(id).map((worker) -> replace(worker, ExitReason.RESTART).snapshot());
	}

	/** Replaces every worker, one slot at a time, each replacement serving before its predecessor drains. */
	public synchronized void reload() {
		requireOpen();
		for (Worker worker : this.pool.workers()) {
			replace(worker, ExitReason.RELOAD);
		}
	}

	/**
	 * Adds workers in new slots, or drains and retires those in the highest slots. With
	 * autoscaling on, the autoscaler keeps at least this many from now on.
	 * @throws InvalidWorkerSettingException if {@code workers} is less than one
	 */
	public synchronized void scale(int workers) {
		requireOpen();
		resize(workers);
		this.autoscaler.operatorScaled(workers);
	}

	/**
	 * Switches the worker class at run time: a pool of the new class, with that many workers of
	 * that many threads or connections, serves before the old pool's workers drain, and what
	 * waits for the old pool goes to the new one. The other settings stay as they are.
	 * @throws InvalidWorkerSettingException if either class runs on the server's own event loops,
	 * or a number is out of range
	 */
	public synchronized void switchTo(WorkerClass workerClass, int workers, int threads, int connections) {
		requireOpen();
		WorkerClass from = this.settings.workerClass();
		if (from.runsOnEventLoops() || workerClass.runsOnEventLoops()) {
			throw new InvalidWorkerSettingException("class", workerClass.id(), "one of " + WorkerClass.threadBased(),
					"reactive workers are the server's own event loops: the class cannot be switched to or from "
							+ "reactive while the application runs");
		}
		WorkerSettings next = this.settings.toBuilder()
			.workerClass(workerClass)
			.workers(workers)
			.threads(threads)
			.connections(connections)
			.build();
		WorkerPool<?> old = this.pool;
		Worker[] leaving = old.workers();
		WorkerPool<?> fresh = workerClass.pool(next, this.supervision, this.loops);
		fresh.grow(workers, (slot) -> (slot <= leaving.length) ? leaving[slot - 1].generation() + 1 : 1);
		Worker[] serving = fresh.workers();
		this.settings = next;
		this.pool = fresh;
		old.handOverTo(fresh);
		for (Worker worker : leaving) {
			this.retirements.retire(worker, ExitReason.SWITCH);
		}
		log.info("Switched from {} {} to {} {} (capacity {} each)", leaving.length, from, workers, workerClass,
				next.capacity());
		this.listeners.tell((listener) -> listener.workerClassChanged(from, workerClass));
		for (Worker worker : serving) {
			this.listeners.tell((listener) -> listener.workerStarted(worker.snapshot()));
		}
		if (leaving.length != workers) {
			this.listeners.tell((listener) -> listener.workersChanged(leaving.length, workers));
		}
	}

	/** Sets the number of workers, for the operator or the autoscaler. */
	private synchronized void resize(int workers) {
		if (this.closed) {
			return;
		}
		WorkerSettings scaled = this.settings.withWorkers(workers);
		int before = this.pool.workers().length;
		this.settings = scaled;
		if (workers >= before) {
			this.pool.grow(workers, (slot) -> 1);
			Worker[] now = this.pool.workers();
			for (int slot = before + 1; slot <= workers; slot++) {
				Worker added = now[slot - 1];
				this.listeners.tell((listener) -> listener.workerStarted(added.snapshot()));
			}
		}
		else {
			for (Worker removed : this.pool.shrink(workers)) {
				this.retirements.retire(removed, ExitReason.SCALE_DOWN);
			}
		}
		log.info("Scaled from {} to {} workers", before, workers);
		this.listeners.tell((listener) -> listener.workersChanged(before, workers));
	}

	/**
	 * Retires every worker: none takes new work, work in hand may finish within the graceful
	 * timeout, and what still runs then is interrupted.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.supervisor.shutdownNow();
		this.retirements.retireAll(List.of(this.pool.workers()));
		this.pool.close();
		this.pinned.close();
		this.exitBound.remove();
		// The log's writer is a daemon thread: what the shutdown logged must be out before the JVM ends.
		SupervisorLog.flush(1, TimeUnit.SECONDS);
	}

	/**
	 * Replaces the worker, unless it has left its slot meanwhile. Runs on the thread that found the
	 * reason, so that the worker takes no more work from then on.
	 * @return whether it was replaced
	 */
	private synchronized boolean replaceIfServing(Worker worker, ExitReason reason) {
		if (!this.closed && slot(worker.id()).orElse(null) == worker) {
			replace(worker, reason);
			return true;
		}
		return false;
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("The arbiter is closed: its workers are retiring for good");
		}
	}

	private Optional<Worker> slot(int id) {
		Worker[] workers = this.pool.workers();
		return (id >= 1 && id <= workers.length) ? Optional.of(workers[id - 1]) : Optional.empty();
	}

	private Worker replace(Worker old, ExitReason reason) {
		Worker fresh = this.pool.replace(old);
		this.retirements.retire(old, reason);
		log.info("Replaced worker {} (generation {} -> {}): {}", old.id(), old.generation(), fresh.generation(),
				reason);
		this.listeners.tell((listener) -> listener.workerStarted(fresh.snapshot()));
		return fresh;
	}

	private boolean servesOnVirtualThreads() {
		return this.settings.workerClass().runsOnVirtualThreads();
	}

	/** The virtual threads running work now, on every worker. */
	private List<Thread> virtualThreads() {
		return everyWorker().stream().flatMap((worker) -> worker.virtualThreads().stream()).toList();
	}

	/** The serving workers and those still finishing their work. */
	private List<Worker> everyWorker() {
		return Stream.<Worker>concat(Arrays.stream(this.pool.workers()), this.retirements.retiring().stream()).toList();
	}

	/** How to build an arbiter: its settings, and what the server and the application add. */
	public static final class Builder {

		private final WorkerSettings settings;

		private Shedder shedder = Shedder.REJECT;

		private Executor intake;

		private List<WorkerListener> listeners = List.of();

		private boolean requestHooks;

		private WorkerLoops loops;

		private Builder(WorkerSettings settings) {
			this.settings = settings;
		}

		/**
		 * What answers work, as the container handed it over, that no worker will run: it found
		 * the backlog full or waited past {@code max-queue-time}. By default it is refused by
		 * throwing.
		 */
		public Builder shedder(Shedder shedder) {
			this.shedder = shedder;
			return this;
		}

		/**
		 * Where work that finds every worker busy goes, as the container handed it over, instead
		 * of the backlog: a server whose admission needs the request reads it there, serves at
		 * once what is never to be shed, and {@linkplain Dispatcher#submit submits} the rest. By
		 * default there is none, and such work waits in the backlog as it is.
		 */
		public Builder intake(Executor intake) {
			this.intake = intake;
			return this;
		}

		/** Who hears what happens to workers. */
		public Builder listeners(List<WorkerListener> listeners) {
			this.listeners = List.copyOf(listeners);
			return this;
		}

		/**
		 * Whether every listener also hears of every request, not only those that
		 * {@linkplain WorkerListener#hearsEveryRequest ask to}.
		 */
		public Builder requestHooks(boolean requestHooks) {
			this.requestHooks = requestHooks;
			return this;
		}

		/** Opens the event loop of each {@code reactive} worker; a server without loops has none. */
		public Builder loops(WorkerLoops loops) {
			this.loops = loops;
			return this;
		}

		public Arbiter build() {
			return new Arbiter(this);
		}

	}

}
