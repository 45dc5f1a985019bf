package io.workermodel.worker;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.workermodel.worker.ArbiterSnapshot.Retired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(Arbiter.class);

	private final Listeners listeners;

	private final Supervision supervision;

	private final Dispatcher dispatcher;

	private final Watchdog watchdog;

	private final BusySampler busySampler;

	/** Runs every change to the workers' lives and the checks beside them, one at a time. */
	private final ScheduledExecutorService supervisor = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("worker-arbiter").factory());

	/** Workers that left their slot and are finishing their work. */
	private final Set<Worker> retiring = ConcurrentHashMap.newKeySet();

	private volatile WorkerPool pool;

	private volatile WorkerSettings settings;

	private volatile Retired retired = Retired.NONE;

	private volatile boolean closed;

	private boolean started;

	/** An arbiter with no listeners, whose dispatcher refuses by throwing what it sheds. */
	public Arbiter(WorkerSettings settings) {
		this(builder(settings));
	}

	private Arbiter(Builder builder) {
		this.settings = builder.settings;
		this.listeners = new Listeners(builder.listeners, builder.requestHooks);
		Shedding shedding = new Shedding(builder.shedder);
		this.supervision = new Supervision(this.listeners, shedding, this::replaceIfServing, builder.loops,
				new LoopHeartbeat(this.settings.blockedThreshold(), this.listeners), new ConnectionBalancer());
		this.pool = new WorkerPool(this.settings, this.supervision);
		this.dispatcher = new Dispatcher(() -> this.pool, shedding);
		this.watchdog = new Watchdog(this.settings.timeout(), this::everyWorker, this.listeners);
		this.busySampler = new BusySampler(() -> this.pool.workers());
	}

	public static Builder builder(WorkerSettings settings) {
		return new Builder(settings);
	}

	/** Spawns the workers. Work handed to the dispatcher before this waits in the backlog. */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		Worker[] workers = new Worker[this.settings.workers()];
		for (int slot = 1; slot <= workers.length; slot++) {
			workers[slot - 1] = this.pool.spawn(slot, 1);
		}
		this.pool.serve(workers);
		this.started = true;
		logger.info("Started {} {} worker{} (capacity {} each, backlog {}, timeout {})", workers.length,
				this.settings.workerClass(), (workers.length == 1) ? "" : "s", this.settings.capacity(),
				this.settings.backlog(), this.settings.timeout());
		for (Worker worker : workers) {
			this.listeners.tell((listener) -> listener.workerStarted(worker.snapshot()));
		}
		this.busySampler.scheduleOn(this.supervisor);
		this.watchdog.scheduleOn(this.supervisor);
		this.supervision.heartbeat().scheduleOn(this.supervisor);
	}

	/** What a container hands its work to. */
	public Dispatcher dispatcher() {
		return this.dispatcher;
	}

	/** What a reactive server hands its new connections to. */
	public ConnectionBalancer balancer() {
		return this.supervision.balancer();
	}

	/** The settings in force; {@code workers} follows {@link #scale}. */
	public WorkerSettings settings() {
		return this.settings;
	}

	public ArbiterSnapshot snapshot() {
		List<WorkerSnapshot> workers = Arrays.stream(this.pool.workers()).map(Worker::snapshot).toList();
		List<WorkerSnapshot> retiring = this.retiring.stream().map(Worker::snapshot).toList();
		return new ArbiterSnapshot(this.settings, workers, retiring, this.retired, this.pool.waiting(),
				this.supervision.shedding().count(), this.watchdog.stuck());
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
	 * Adds workers in new slots, or drains and retires those in the highest slots.
	 * @throws InvalidWorkerSettingException if {@code workers} is less than one
	 */
	public synchronized void scale(int workers) {
		requireOpen();
		WorkerSettings scaled = this.settings.withWorkers(workers);
		Worker[] current = this.pool.workers();
		Worker[] next = Arrays.copyOf(current, workers);
		for (int slot = current.length + 1; slot <= workers; slot++) {
			next[slot - 1] = this.pool.spawn(slot, 1);
		}
		this.settings = scaled;
		this.pool.serve(next);
		for (int slot = workers + 1; slot <= current.length; slot++) {
			retire(current[slot - 1], ExitReason.SCALE_DOWN);
		}
		for (int slot = current.length + 1; slot <= workers; slot++) {
			Worker added = next[slot - 1];
			this.listeners.tell((listener) -> listener.workerStarted(added.snapshot()));
		}
		logger.info("Scaled from {} to {} workers", current.length, workers);
		this.listeners.tell((listener) -> listener.workersChanged(current.length, workers));
	}

	/**
	 * Retires every worker: none takes new work, work in hand may finish within the graceful
	 * timeout, and what still runs then is interrupted.
	 */
	@Override
	public void close() {
		List<Worker> workers;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			workers = everyWorker();
			this.retiring.clear();
		}
		this.supervisor.shutdownNow();
		awaitDrained(CompletableFuture.allOf(workers.stream().map(Worker::drain).toArray(CompletableFuture[]::new)));
		for (Worker worker : workers) {
			stop(worker, ExitReason.SHUTDOWN);
		}
		this.pool.close();
	}

	/**
	 * Replaces the worker, unless it has left its slot meanwhile. Runs on the thread that found the
	 * reason, so that the worker takes no more work from then on.
	 */
	private synchronized void replaceIfServing(Worker worker, ExitReason reason) {
		if (!this.closed && slot(worker.id()).orElse(null) == worker) {
			replace(worker, reason);
		}
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
		Worker fresh = this.pool.spawn(old.id(), old.generation() + 1);
		Worker[] workers = this.pool.workers().clone();
		workers[old.id() - 1] = fresh;
		this.pool.serve(workers);
		retire(old, reason);
		logger.info("Replaced worker {} (generation {} -> {}): {}", old.id(), old.generation(), fresh.generation(),
				reason);
		this.listeners.tell((listener) -> listener.workerStarted(fresh.snapshot()));
		return fresh;
	}

	private void retire(Worker worker, ExitReason reason) {
		this.retiring.add(worker);
		worker.drain()
			.completeOnTimeout(null, this.settings.gracefulTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.thenRunAsync(() -> {
				if (this.retiring.remove(worker)) {
					stop(worker, reason);
				}
			}, this.supervisor);
	}

	private void stop(Worker worker, ExitReason reason) {
		List<WorkerRequest> left = worker.inFlight();
		if (!left.isEmpty()) {
			logger.warn("{} still runs {} after the graceful timeout of {}; interrupting them", worker, left,
					this.settings.gracefulTimeout());
		}
		worker.stop();
		WorkerSnapshot last = worker.snapshot();
		synchronized (this) {
			this.retired = this.retired.plus(last, reason);
		}
		this.listeners.tell((listener) -> listener.workerExited(last, reason));
	}

	private void awaitDrained(CompletableFuture<Void> drained) {
		try {
			drained.get(this.settings.gracefulTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// stop() names and interrupts what still runs.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The serving workers and those still finishing their work. */
	private List<Worker> everyWorker() {
		return Stream.concat(Arrays.stream(this.pool.workers()), this.retiring.stream()).toList();
	}

	/** How to build an arbiter: its settings, and what the server and the application add. */
	public static final class Builder {

		private final WorkerSettings settings;

		private Shedder shedder = Shedder.REJECT;

		private List<WorkerListener> listeners = List.of();

		private boolean requestHooks;

		private WorkerLoops loops;

		private Builder(WorkerSettings settings) {
			this.settings = settings;
		}

		/** What to do with work that finds every worker busy and the backlog full; by default, refuse it by throwing. */
		public Builder shedder(Shedder shedder) {
			this.shedder = shedder;
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
