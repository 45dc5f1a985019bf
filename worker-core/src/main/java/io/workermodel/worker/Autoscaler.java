package io.workermodel.worker;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import io.workermodel.worker.ArbiterSnapshot.Autoscaling;
import io.workermodel.worker.WorkerSettings.Autoscale;
import io.workermodel.worker.jvm.SupervisorLog;

/**
 * Follows the workers' busyness with their number, within {@code worker.autoscale.min} and
 * {@code max}, as uWSGI's cheaper mode does: a worker is added once the workers have been busy
 * past {@value #UP_BUSY} with work waiting for {@value #UP_AFTER_SECONDS} s, and one removed once
 * they have been busy under {@value #DOWN_BUSY} with nothing waiting for
 * {@value #DOWN_AFTER_SECONDS} s. The gap between the two thresholds, and a pause of
 * {@value #REVERSAL_PAUSE_SECONDS} s before a step against the last one, keep it from flapping.
 * An operator's scale becomes its floor. Checks once a second on the arbiter's thread.
 */
final class Autoscaler {

	private static final SupervisorLog log = SupervisorLog.of(Autoscaler.class);

	static final double UP_BUSY = 0.75;

	static final double DOWN_BUSY = 0.25;

	static final int UP_AFTER_SECONDS = 2;

	static final int DOWN_AFTER_SECONDS = 3;

	static final int REVERSAL_PAUSE_SECONDS = 5;

	private final Autoscale bounds;

	private final Supplier<WorkerPool> pool;

	private final IntConsumer scaler;

	/** Seconds in a row the workers called for one more, or one fewer; the arbiter's thread only. */
	private int upSeconds;

	private int downSeconds;

	/** +1 or -1 for the last step taken, 0 before any; the arbiter's thread only. */
	private int lastStep;

	private long lastStepNanos;

	private volatile int floor;

	private volatile long ups;

	private volatile long downs;

	private volatile String lastDecision;

	/**
	 * @param scaler sets the number of workers
	 */
	Autoscaler(Autoscale bounds, Supplier<WorkerPool> pool, IntConsumer scaler) {
		this.bounds = bounds;
		this.pool = pool;
		this.scaler = scaler;
		this.floor = bounds.min();
	}

	void scheduleOn(ScheduledExecutorService executor) {
		if (this.bounds.enabled()) {
			executor.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
		}
	}

	/** An operator set the number of workers: the autoscaler does not go below it. */
	void operatorScaled(int workers) {
		this.floor = Math.max(workers, this.bounds.min());
	}

	Autoscaling state() {
		return this.bounds.enabled()
				? new Autoscaling(this.bounds.min(), this.bounds.max(), this.floor, this.ups, this.downs,
						this.lastDecision)
				: null;
	}

	private void check() {
		WorkerPool serving = this.pool.get();
		Worker[] workers = serving.workers();
		double busy = 0;
		for (Worker worker : workers) {
			busy += worker.busyRatio();
		}
		busy = (workers.length > 0) ? busy / workers.length : 0;
		int waiting = serving.waiting();
		this.upSeconds = (busy >= UP_BUSY && waiting > 0) ? this.upSeconds + 1 : 0;
		this.downSeconds = (busy <= DOWN_BUSY && waiting == 0) ? this.downSeconds + 1 : 0;
		int count = workers.length;
		if (this.upSeconds >= UP_AFTER_SECONDS && count < this.bounds.max() && mayStep(1)) {
			step(count, count + 1, "busy %.2f with %d waiting for %d s".formatted(busy, waiting, this.upSeconds));
		}
		else if (this.downSeconds >= DOWN_AFTER_SECONDS && count > this.floor && mayStep(-1)) {
			step(count, count - 1, "busy %.2f with nothing waiting for %d s".formatted(busy, this.downSeconds));
		}
	}

	/** A step the same way as the last may follow at once; one against it waits for the pause. */
	private boolean mayStep(int direction) {
		return this.lastStep != -direction
				|| System.nanoTime() - this.lastStepNanos >= TimeUnit.SECONDS.toNanos(REVERSAL_PAUSE_SECONDS);
	}

	private void step(int from, int to, String reason) {
		String decision = "%s from %d to %d workers: %s".formatted((to > from) ? "up" : "down", from, to, reason);
		log.info("Autoscaling {}", decision);
		this.scaler.accept(to);
		this.lastStep = Integer.signum(to - from);
		this.lastStepNanos = System.nanoTime();
		this.upSeconds = 0;
		this.downSeconds = 0;
		this.lastDecision = decision;
		if (to > from) {
			this.ups++;
		}
		else {
			this.downs++;
		}
	}

}
