package io.workermodel.worker;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.workermodel.worker.ArbiterSnapshot.Retired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the workers, as gunicorn's arbiter does: spawns one worker per slot, hands the
 * container a {@link Dispatcher} that puts work on them, aborts requests that run past the
 * timeout, and replaces, adds and removes workers without losing work: a replacement serves
 * before the worker it replaces stops taking work, and a retiring worker finishes its in-flight
 * work within the graceful timeout.
 */
public final class Arbiter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Arbiter.class);

	private static final long LONGEST_WATCH_PERIOD_MILLIS = 1000;

	private static final long BUSY_SAMPLE_PERIOD_MILLIS = 100;

	/** Busy samples a worker keeps: one second's worth. */
	static final int BUSY_SAMPLES = 10;

	private final Dispatcher dispatcher;

	/** Opens the loops of reactive workers, or null when the server has none. */
	private final WorkerLoops loops;

	private final List<WorkerListener> listeners;

	/** The listeners, or none when request hooks are off: they sit on every request's path. */
	private final List<WorkerListener> requestListeners;

	/** Runs the watchdog and every change to the workers, one at a time. */
	private final ScheduledExecutorService supervisor = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("worker-arbiter").factory());

	/** Workers that left their slot and are finishing their work. */
	private final Set<Worker> retiring = ConcurrentHashMap.newKeySet();

	/** Aborted requests whose threads ignore their interruption, until they end. */
	private final Set<InFlightRequest> stuck = ConcurrentHashMap.newKeySet();

	private volatile WorkerSettings settings;

	private volatile Retired retired = Retired.NONE;

	private volatile boolean closed;

	private boolean started;

	public Arbiter(WorkerSettings settings) {
		this(settings, Shedder.REJECT, List.of(), false);
	}

	/**
	 * @param settings how to run the workers
	 * @param shedder what to do with work that finds every worker busy and the backlog full
	 * @param listeners hear what happens to workers
	 * @param requestHooks whether the listeners also hear of every request
	 */
	public Arbiter(WorkerSettings settings, Shedder shedder, List<WorkerListener> listeners, boolean requestHooks) {
		this(settings, shedder, listeners, requestHooks, null);
	}

	/**
	 * @param settings how to run the workers
	 * @param shedder what to do with work that finds every worker busy and the backlog full
	 * @param listeners hear what happens to workers
	 * @param requestHooks whether the listeners also hear of every request
	 * @param loops opens the event loop of each {@code reactive} worker
	 */
	public Arbiter(WorkerSettings settings, Shedder shedder, List<WorkerListener> listeners, boolean requestHooks,
			WorkerLoops loops) {
		this.settings = settings;
		this.loops = loops;
		this.dispatcher = new Dispatcher(settings.workerClass().threadsTakeWork(), settings.backlog(), shedder);
		this.listeners = List.copyOf(listeners);
		this.requestListeners = requestHooks ? this.listeners : List.of();
	}

	/** Spawns the workers. Work handed to the dispatcher before this waits in the backlog. */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		Worker[] workers = new Worker[this.settings.workers()];
		for (int slot = 1; slot <= workers.length; slot++) {
			workers[slot - 1] = spawn(slot, 1);
		}
		this.dispatcher.serve(workers);
		this.started = true;
		logger.info("Started {} {} workers (capacity {} each, backlog {}, timeout {})", workers.length,
				this.settings.workerClass(), this.settings.capacity(), this.settings.backlog(), this.settings.timeout());
		for (Worker worker : workers) {
			tell((listener) -> listener.workerStarted(worker.snapshot()));
		}
		this.supervisor.scheduleAtFixedRate(this::sampleBusy, BUSY_SAMPLE_PERIOD_MILLIS, BUSY_SAMPLE_PERIOD_MILLIS,
				TimeUnit.MILLISECONDS);
		Duration timeout = this.settings.timeout();
		if (!timeout.isZero()) {
			// Often enough that a request is aborted within a quarter of the timeout of its due time.
			long period = Math.clamp(timeout.toMillis() / 4, 1, LONGEST_WATCH_PERIOD_MILLIS);
			this.supervisor.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
		}
		Duration threshold = this.settings.blockedThreshold();
		if (this.settings.workerClass() == WorkerClass.REACTIVE && !threshold.isZero()) {
			// A stall is found within a quarter of the threshold of passing it.
			long period = Math.clamp(threshold.toMillis() / 4, 1, LONGEST_WATCH_PERIOD_MILLIS);
			this.supervisor.scheduleWithFixedDelay(this::watchLoops, period, period, TimeUnit.MILLISECONDS);
		}
	}

	/** What a container hands its work to. */
	public Dispatcher dispatcher() {
		return this.dispatcher;
	}

	/** The settings in force; {@code workers} follows {@link #scale}. */
	public WorkerSettings settings() {
		return this.settings;
	}

	public ArbiterSnapshot snapshot() {
		List<WorkerSnapshot> workers = Arrays.stream(this.dispatcher.workers()).map(Worker::snapshot).toList();
		List<WorkerSnapshot> retiring = this.retiring.stream().map(Worker::snapshot).toList();
		this.stuck.removeIf(InFlightRequest::isFinished);
		return new ArbiterSnapshot(this.settings, workers, retiring, this.retired, this.dispatcher.backlog(),
				this.dispatcher.shed(), this.stuck.size());
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
		for (Worker worker : this.dispatcher.workers()) {
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
		Worker[] current = this.dispatcher.workers();
		Worker[] next = Arrays.copyOf(current, workers);
		for (int slot = current.length + 1; slot <= workers; slot++) {
			next[slot - 1] = spawn(slot, 1);
		}
		this.settings = scaled;
		this.dispatcher.serve(next);
		for (int slot = workers + 1; slot <= current.length; slot++) {
			retire(current[slot - 1], ExitReason.SCALE_DOWN);
		}
		for (int slot = current.length + 1; slot <= workers; slot++) {
			Worker added = next[slot - 1];
			tell((listener) -> listener.workerStarted(added.snapshot()));
		}
		logger.info("Scaled from {} to {} workers", current.length, workers);
		tell((listener) -> listener.workersChanged(current.length, workers));
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
		this.dispatcher.close();
	}

	WorkerLoops loops() {
		return this.loops;
	}

	/** Requests after which a new worker asks to be recycled: max-requests plus its own jitter. */
	long requestLimit() {
		WorkerSettings settings = this.settings;
		if (settings.maxRequests() == 0) {
			return 0;
		}
		return settings.maxRequests() + ThreadLocalRandom.current().nextLong(settings.maxRequestsJitter() + 1);
	}

	/**
	 * Replaces the worker, unless it has left its slot meanwhile. Runs on the thread that found the
	 * reason, so that the worker takes no more work from then on.
	 */
	synchronized void replaceIfServing(Worker worker, ExitReason reason) {
		if (!this.closed && slot(worker.id()).orElse(null) == worker) {
			replace(worker, reason);
		}
	}

	void beforeRequest(Worker worker, InFlightRequest request) {
		for (WorkerListener listener : this.requestListeners) {
			tell(listener, (it) -> it.beforeRequest(worker, request));
		}
	}

	void afterRequest(Worker worker, InFlightRequest request, boolean failed) {
		for (WorkerListener listener : this.requestListeners) {
			tell(listener, (it) -> it.afterRequest(worker, request, failed));
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("The arbiter is closed: its workers are retiring for good");
		}
	}

	private Worker spawn(int slot, int generation) {
		Worker worker = this.settings.workerClass().spawn(slot, generation, this.settings, this);
		worker.boot();
		return worker;
	}

	private Optional<Worker> slot(int id) {
		Worker[] workers = this.dispatcher.workers();
		return (id >= 1 && id <= workers.length) ? Optional.of(workers[id - 1]) : Optional.empty();
	}

	private Worker replace(Worker old, ExitReason reason) {
		Worker fresh = spawn(old.id(), old.generation() + 1);
		Worker[] workers = this.dispatcher.workers().clone();
		workers[old.id() - 1] = fresh;
		this.dispatcher.serve(workers);
		retire(old, reason);
		logger.info("Replaced worker {} (generation {} -> {}): {}", old.id(), old.generation(), fresh.generation(),
				reason);
		tell((listener) -> listener.workerStarted(fresh.snapshot()));
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
		List<InFlightRequest> left = worker.inFlight();
		if (!left.isEmpty()) {
			logger.warn("{} still runs {} after the graceful timeout of {}; interrupting them", worker, left,
					this.settings.gracefulTimeout());
		}
		worker.stop();
		WorkerSnapshot last = worker.snapshot();
		synchronized (this) {
			this.retired = this.retired.plus(last, reason);
		}
		tell((listener) -> listener.workerExited(last, reason));
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

	private void sampleBusy() {
		for (Worker worker : this.dispatcher.workers()) {
			worker.sampleBusy();
		}
	}

	/** The serving workers and those still finishing their work. */
	private List<Worker> everyWorker() {
		return Stream.concat(Arrays.stream(this.dispatcher.workers()), this.retiring.stream()).toList();
	}

	/** The watchdog: aborts requests past the timeout, and reports those that ignore it. */
	private void watch() {
		long timeoutNanos = this.settings.timeout().toNanos();
		for (Worker worker : everyWorker()) {
			for (InFlightRequest request : worker.inFlight()) {
				long elapsedNanos = request.elapsedNanos();
				if (elapsedNanos >= timeoutNanos && request.abort()) {
					abort(worker, request, elapsedNanos);
				}
				else if (elapsedNanos >= 2 * timeoutNanos && request.markStuck()) {
					this.stuck.add(request);
					logger.error("WORKER STUCK ({}): {} on {} ignored its interruption and still runs after {} ms",
							worker, request, request.thread().getName(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
							stackOf(request.thread()));
				}
			}
		}
		this.stuck.removeIf(InFlightRequest::isFinished);
	}

	private void abort(Worker worker, InFlightRequest request, long elapsedNanos) {
		worker.timedOut();
		if (request.cancel()) {
			// A non-blocking request: its loop is not at fault and serves other requests on.
			logger.error("WORKER TIMEOUT ({}): {} ran {} ms, past the timeout of {}; cancelled it", worker, request,
					TimeUnit.NANOSECONDS.toMillis(elapsedNanos), this.settings.timeout());
			WorkerSnapshot snapshot = worker.snapshot();
			tell((listener) -> listener.workerAborted(snapshot, request));
			return;
		}
		logger.error("WORKER TIMEOUT ({}): {} on {} ran {} ms, past the timeout of {}; interrupting it and replacing "
				+ "the worker", worker, request, request.thread().getName(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
				this.settings.timeout(), stackOf(request.thread()));
		if (!request.isFinished()) {
			request.thread().interrupt();
		}
		WorkerSnapshot snapshot = worker.snapshot();
		tell((listener) -> listener.workerAborted(snapshot, request));
		worker.replace(ExitReason.TIMEOUT);
	}

	/** The heartbeat of reactive workers: reports each loop that something blocks, once per stall. */
	private void watchLoops() {
		long thresholdNanos = this.settings.blockedThreshold().toNanos();
		for (Worker worker : everyWorker()) {
			if (worker instanceof EventLoopWorker loopWorker && worker.state() != WorkerState.STOPPED) {
				long stalledNanos = loopWorker.checkHeartbeat(System.nanoTime(), thresholdNanos);
				if (stalledNanos > 0) {
					loopBlocked(loopWorker, stalledNanos);
				}
			}
		}
	}

	private void loopBlocked(EventLoopWorker worker, long stalledNanos) {
		Thread thread = worker.loop().thread();
		logger.warn("EVENT LOOP BLOCKED ({}): {} has not run its heartbeat for {} ms, past the blocked threshold "
				+ "of {}; whatever runs there blocks every connection of this worker", worker,
				(thread != null) ? thread.getName() : "its loop", TimeUnit.NANOSECONDS.toMillis(stalledNanos),
				this.settings.blockedThreshold(), (thread != null) ? stackOf(thread) : null);
		WorkerSnapshot snapshot = worker.snapshot();
		tell((listener) -> listener.loopBlocked(snapshot, stalledNanos));
	}

	/** The thread's stack as a throwable's, so that logs print it as they print any stack trace. */
	private static Throwable stackOf(Thread thread) {
		Throwable stack = new Throwable("Stack of " + thread.getName());
		stack.setStackTrace(thread.getStackTrace());
		return stack;
	}

	private void tell(Consumer<WorkerListener> event) {
		for (WorkerListener listener : this.listeners) {
			tell(listener, event);
		}
	}

	private static void tell(WorkerListener listener, Consumer<WorkerListener> event) {
		try {
			event.accept(listener);
		}
		catch (RuntimeException ex) {
			logger.warn("Worker listener {} failed", listener, ex);
		}
	}

}
