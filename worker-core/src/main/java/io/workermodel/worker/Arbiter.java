package io.workermodel.worker;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the workers, as gunicorn's arbiter does: spawns one worker per slot, hands the
 * container a {@link Dispatcher} that puts work on them, reports their state, and retires them on
 * close.
 */
public final class Arbiter implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Arbiter.class);

	private final WorkerSettings settings;

	private final Dispatcher dispatcher;

	private final List<WorkerListener> listeners;

	private boolean started;

	public Arbiter(WorkerSettings settings) {
		this(settings, Shedder.REJECT, List.of());
	}

	public Arbiter(WorkerSettings settings, Shedder shedder, List<WorkerListener> listeners) {
		this.settings = settings;
		this.dispatcher = new Dispatcher(settings.backlog(), shedder);
		this.listeners = List.copyOf(listeners);
	}

	/** Spawns the workers. Work handed to the dispatcher before this waits in the backlog. */
	public synchronized void start() {
		if (this.started) {
			return;
		}
		Worker[] workers = new Worker[this.settings.workers()];
		for (int slot = 1; slot <= workers.length; slot++) {
			workers[slot - 1] = this.settings.workerClass().spawn(slot, 1, this.settings, this.dispatcher);
			workers[slot - 1].boot();
		}
		this.dispatcher.serve(workers);
		this.started = true;
		logger.info("Started {} {} workers (capacity {} each, backlog {})", workers.length,
				this.settings.workerClass(), this.settings.capacity(), this.settings.backlog());
		for (Worker worker : workers) {
			notifyListeners((listener) -> listener.workerStarted(worker.snapshot()));
		}
	}

	/** What a container hands its work to. */
	public Dispatcher dispatcher() {
		return this.dispatcher;
	}

	public WorkerSettings settings() {
		return this.settings;
	}

	public ArbiterSnapshot snapshot() {
		List<WorkerSnapshot> workers = Arrays.stream(this.dispatcher.workers()).map(Worker::snapshot).toList();
		return new ArbiterSnapshot(this.settings, workers, this.dispatcher.backlog(), this.dispatcher.shed());
	}

	/** The worker in that slot, if there is one. */
	public Optional<WorkerSnapshot> worker(int id) {
		Worker[] workers = this.dispatcher.workers();
		return (id >= 1 && id <= workers.length) ? Optional.of(workers[id - 1].snapshot()) : Optional.empty();
	}

	/**
	 * Retires every worker: none takes new work, work in hand may finish within the graceful
	 * timeout, and what still runs then is interrupted.
	 */
	@Override
	public synchronized void close() {
		Worker[] workers = this.dispatcher.workers();
		CompletableFuture<?>[] drained = Arrays.stream(workers).map(Worker::drain).toArray(CompletableFuture[]::new);
		awaitDrained(CompletableFuture.allOf(drained));
		for (Worker worker : workers) {
			worker.stop();
			notifyListeners((listener) -> listener.workerExited(worker.snapshot(), ExitReason.SHUTDOWN));
		}
		this.dispatcher.shedBacklog();
	}

	private void awaitDrained(CompletableFuture<Void> drained) {
		long millis = this.settings.gracefulTimeout().toMillis();
		try {
			drained.get(millis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Workers still busy after the graceful timeout of {} ms; interrupting them: {}", millis,
					Arrays.stream(this.dispatcher.workers()).map(Worker::snapshot).filter((w) -> w.active() > 0).toList());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void notifyListeners(Consumer<WorkerListener> event) {
		for (WorkerListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Worker listener {} failed", listener, ex);
			}
		}
	}

}
