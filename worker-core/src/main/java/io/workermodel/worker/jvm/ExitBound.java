package io.workermodel.worker.jvm;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds how long the JVM takes to exit once asked to (SIGTERM, {@code System.exit}) while the
 * arbiter runs: at {@code graceful-timeout} plus {@value #MARGIN_SECONDS} s it prints what still
 * runs and halts. A request thread that ignores every interruption, or one that holds a lock the
 * shutdown needs (a virtual thread that gets no carrier while it holds a class loader's lock) would
 * otherwise keep a process that was told to stop alive until something kills it. Armed only while
 * the JVM shuts down: an arbiter closed in a running JVM disarms it.
 */
public final class ExitBound {

	static final long MARGIN_SECONDS = 5;

	/** Frames of each thread's stack printed before halting: enough to tell where it waits. */
	private static final int FRAMES = 12;

	private final Duration bound;

	private final Thread hook;

	/**
	 * @param grace how long the arbiter lets its workers finish before it interrupts them
	 */
	public ExitBound(Duration grace) {
		this.bound = grace.plusSeconds(MARGIN_SECONDS);
		this.hook = new Thread(this::arm, "worker-exit-bound");
	}

	public void install() {
		Runtime.getRuntime().addShutdownHook(this.hook);
	}

	/** Disarms it, unless the JVM is already shutting down, when it stays armed. */
	public void remove() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// Shutting down: the bound holds.
		}
	}

	/** Runs as a shutdown hook: must return at once, or the JVM would wait for it too. */
	private void arm() {
		PlatformThreads.daemon("worker-exit-bound", this::haltWhenDue).start();
	}

	private void haltWhenDue() {
		long deadline = System.nanoTime() + this.bound.toNanos();
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			LockSupport.parkNanos(left);
		}
		// Straight to the standard error stream: the logging framework may be what is wedged.
		PrintStream err = System.err;
		err.println("WORKER MODEL: the JVM is still alive " + this.bound.toSeconds()
				+ " s after it was asked to exit (the graceful timeout + " + MARGIN_SECONDS
				+ " s); halting it. Platform threads still running:");
		for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
			err.println("\"" + thread.getKey().getName() + "\" " + thread.getKey().getState());
			StackTraceElement[] stack = thread.getValue();
			for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
				err.println("\tat " + stack[i]);
			}
		}
		err.flush();
		Runtime.getRuntime().halt(1);
	}

}
