package io.workermodel.worker.jvm;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tells, from the arbiter's platform thread, whether the JVM is still loading the application's
 * classes, as it does in the first seconds of serving after a start. Until then, work that would
 * start on a virtual thread starts on a platform thread ({@link RequestThreads}).
 * <p>
 * Why: a class is loaded under locks (a class loader's, a Spring Boot fat jar's nested-jar lock),
 * and a virtual thread whose class load was started by the JVM itself (resolving a constant, a
 * static initialiser) has a native frame on its stack, so it cannot unmount while it waits for
 * such a lock: it pins its carrier. When every carrier is pinned that way and the lock's holder
 * is a virtual thread that was unmounted, the holder can never run again, and every request that
 * needs a class waits for good. A platform thread needs no carrier: work on platform threads
 * cannot deadlock so. Once the loaded-class count has been quiet for {@value #QUIET_MILLIS} ms
 * while work arrived, the paths that traffic takes are loaded, and virtual threads serve again;
 * when the count moves again (a path served for the first time), new work goes back to platform
 * threads until it is quiet once more.
 */
public final class ClassLoadingWatch {

	private static final SupervisorLog log = SupervisorLog.of(ClassLoadingWatch.class);

	private static final long PERIOD_MILLIS = 50;

	private static final long QUIET_MILLIS = 1000;

	/** How many classes the JVM has loaded since it started. */
	private final LongSupplier loadedClasses;

	/** When the watch began, at the workers' start. */
	private long startedNanos;

	/** Written by the arbiter's thread only. */
	private long lastCount = -1;

	/** When the count last moved, in {@link System#nanoTime()}; the arbiter's thread's. */
	private long quietSinceNanos;

	private boolean settledOnce;

	/** Whether work arrived since the quiet spell began: a quiet JVM that served nothing proves nothing. */
	private volatile boolean workArrived;

	private volatile boolean settled;

	public ClassLoadingWatch(LongSupplier loadedClasses) {
		this.loadedClasses = loadedClasses;
	}

	/** Watches from now on. */
	public void scheduleOn(ScheduledExecutorService executor) {
		this.startedNanos = System.nanoTime();
		executor.scheduleWithFixedDelay(this::check, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** Whether the JVM's class loading has settled since work began to arrive. */
	boolean settled() {
		return this.settled;
	}

	/** Notes that work arrived; cheap enough for every unit, and written at most once a quiet spell. */
	public void workArrived() {
		if (!this.workArrived) {
			this.workArrived = true;
		}
	}

	private void check() {
		long count = this.loadedClasses.getAsLong();
		long now = System.nanoTime();
		if (count != this.lastCount) {
			this.lastCount = count;
			this.quietSinceNanos = now;
			this.workArrived = false;
			this.settled = false;
			return;
		}
		if (!this.settled && this.workArrived
				&& TimeUnit.NANOSECONDS.toMillis(now - this.quietSinceNanos) >= QUIET_MILLIS) {
			this.settled = true;
			if (!this.settledOnce) {
				this.settledOnce = true;
				log.info("Class loading has settled {} ms after the workers started ({} classes): request work "
						+ "starts on virtual threads from now on", TimeUnit.NANOSECONDS.toMillis(now - this.startedNanos),
						count);
			}
		}
	}

}
