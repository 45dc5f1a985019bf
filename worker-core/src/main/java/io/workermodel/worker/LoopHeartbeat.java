package io.workermodel.worker;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;

import io.workermodel.worker.jvm.SupervisorLog;
import io.workermodel.worker.jvm.ThreadStacks;

/**
 * The heartbeat of event loops: posts a task to each watched loop at a quarter of the blocked
 * threshold, and reports a loop whose task has waited past the threshold, with its thread's stack,
 * once per stall, to whoever is told of stalls; a loop found getting classes ready, as on its first
 * requests after a start, is only noted. Loops join and leave it as their workers start and
 * stop.
 */
final class LoopHeartbeat {

	private static final SupervisorLog log = SupervisorLog.of(LoopHeartbeat.class);

	/** An event loop that answers the heartbeat. */
	interface Loop {

		/**
		 * Posts a heartbeat if none is pending, and tells whether a pending one has waited past
		 * the threshold, once per stall.
		 * @return how long the loop has been stalled if this call found the stall, else 0
		 */
		long checkHeartbeat(long now, long thresholdNanos);

		/** Counts a stall as the loop's being blocked. */
		void countBlocked();

		/** The loop's thread, whose stack tells what blocks it; {@code null} before it runs. */
		Thread thread();

		WorkerSnapshot snapshot();

	}

	private final Duration threshold;

	private final ObjLongConsumer<WorkerSnapshot> stalled;

	private final Set<Loop> loops = ConcurrentHashMap.newKeySet();

	/**
	 * @param stalled hears of each stall: the loop's worker and how long it had been stalled, in
	 * nanoseconds
	 */
	LoopHeartbeat(Duration threshold, ObjLongConsumer<WorkerSnapshot> stalled) {
		this.threshold = threshold;
		this.stalled = stalled;
	}

	void watch(Loop loop) {
		this.loops.add(loop);
	}

	void unwatch(Loop loop) {
		this.loops.remove(loop);
	}

	/** Checks the watched loops from now on, unless the threshold is zero. */
	void scheduleOn(ScheduledExecutorService executor) {
		if (!this.threshold.isZero()) {
			long period = CheckPeriod.millis(this.threshold);
			executor.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
		}
	}

	private void check() {
		long thresholdNanos = this.threshold.toNanos();
		for (Loop loop : this.loops) {
			long stalledNanos = loop.checkHeartbeat(System.nanoTime(), thresholdNanos);
			if (stalledNanos > 0) {
				blocked(loop, stalledNanos);
			}
		}
	}

	private void blocked(Loop loop, long stalledNanos) {
		Thread thread = loop.thread();
		StackTraceElement[] stack = (thread != null) ? thread.getStackTrace() : new StackTraceElement[0];
		long millis = TimeUnit.NANOSECONDS.toMillis(stalledNanos);
		if (ThreadStacks.initialisesClasses(stack)) {
			// A loop's first requests after a start load and link the application's classes: slow
			// once, not a block to hunt for.
			log.info("Event loop of {} spent {} ms getting classes ready (loading, initialising, linking "
					+ "lambdas), past the blocked threshold of {}; not counted as blocked", loop, millis,
					Durations.text(this.threshold));
			return;
		}
		log.warn("EVENT LOOP BLOCKED ({}): {} has not run its heartbeat for {} ms, past the blocked threshold "
				+ "of {}; whatever runs there blocks every connection of this worker", loop,
				(thread != null) ? thread.getName() : "its loop", millis, Durations.text(this.threshold),
				(thread != null) ? ThreadStacks.of(thread, stack) : null);
		loop.countBlocked();
		this.stalled.accept(loop.snapshot(), stalledNanos);
	}

}
