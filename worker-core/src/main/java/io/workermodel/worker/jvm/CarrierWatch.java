package io.workermodel.worker.jvm;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Notices, from the arbiter's platform thread, when virtual threads can no longer be scheduled:
 * every carrier held, by virtual threads that pin it, spin or wait in code the scheduler cannot
 * unmount (class loading, a native frame). It starts a tiny probe on a virtual thread every half
 * second; a probe that has not run within {@link #THRESHOLD_MILLIS} means starvation. While it
 * lasts, {@code virtual} workers start new work on platform threads, so that the application
 * keeps serving, and the health contributor reports {@code DOWN}; it is logged once, with the
 * stacks of the virtual threads that hold work, counted, and told to whoever hears of starvations.
 */
public final class CarrierWatch {

	private static final SupervisorLog log = SupervisorLog.of(CarrierWatch.class);

	private static final long PERIOD_MILLIS = 500;

	static final long THRESHOLD_MILLIS = 2000;

	/** Whether the serving workers run on virtual threads: only then is the scheduler probed. */
	private final BooleanSupplier watched;

	private final Supplier<List<Thread>> virtualThreads;

	private final LongConsumer starvedFor;

	private final ThreadFactory probes;

	private final LongAdder starvations = new LongAdder();

	/** When the pending probe was started, or 0 once it has run; the arbiter's thread sets it. */
	private volatile long probeStartedAt;

	private volatile boolean starved;

	/**
	 * @param watched whether the serving workers run on virtual threads now: an application that
	 * runs none gets no probe, and so no virtual-thread scheduler started for it
	 * @param virtualThreads the virtual threads running work now, whose stacks say what holds
	 * the carriers
	 * @param starvedFor hears of each starvation: how long, in milliseconds, a virtual thread
	 * waited to be scheduled
	 */
	public CarrierWatch(BooleanSupplier watched, Supplier<List<Thread>> virtualThreads, LongConsumer starvedFor) {
		this.watched = watched;
		this.virtualThreads = virtualThreads;
		this.starvedFor = starvedFor;
		this.probes = VirtualThreads.supported() ? VirtualThreads.factory("worker-carrier-probe-") : null;
	}

	/** Watches from now on, on a JVM with virtual threads. */
	public void scheduleOn(ScheduledExecutorService executor) {
		if (this.probes != null) {
			executor.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	/** Whether virtual threads cannot be scheduled now. */
	public boolean starved() {
		return this.starved;
	}

	/** How many times the carriers were found all held. */
	public long starvations() {
		return this.starvations.sum();
	}

	private void check() {
		long started = this.probeStartedAt;
		long now = System.nanoTime();
		if (started == 0) {
			if (!this.watched.getAsBoolean()) {
				return;
			}
			this.probeStartedAt = now;
			this.probes.newThread(this::probed).start();
			return;
		}
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(now - started);
		if (!this.starved && waitedMillis >= THRESHOLD_MILLIS) {
			this.starved = true;
			this.starvations.increment();
			log.error("CARRIERS STARVED: a virtual thread has waited {} ms to be scheduled; every carrier is held. "
					+ "New work of virtual workers starts on platform threads until they are free. What runs now:{}",
					waitedMillis, stacks());
			this.starvedFor.accept(waitedMillis);
		}
	}

	private void probed() {
		this.probeStartedAt = 0;
		if (this.starved) {
			this.starved = false;
			log.warn("Carriers free again: virtual workers start new work on virtual threads");
		}
	}

	private String stacks() {
		StringBuilder stacks = new StringBuilder();
		for (Thread thread : this.virtualThreads.get()) {
			stacks.append(System.lineSeparator()).append(thread).append(" (").append(thread.getState()).append(')');
			for (StackTraceElement frame : thread.getStackTrace()) {
				stacks.append(System.lineSeparator()).append("\tat ").append(frame);
			}
		}
		return stacks.toString();
	}

}
