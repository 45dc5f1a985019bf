package io.workermodel.worker.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker model's log. The arbiter shares the JVM with the requests it supervises: a request
 * thread may hold the logging framework's lock, or a class load the framework waits on, and never
 * let go (a virtual thread that gets no carrier). So a line is handed, without a lock, to a
 * thread of its own that writes it: that thread may wait, the watchdog that wrote the line does
 * not. Past {@value #MAX_WAITING} lines waiting, lines are dropped and counted, never waited for.
 */
public final class SupervisorLog {

	private static final int MAX_WAITING = 1024;

	private static final Queue<Runnable> LINES = new ConcurrentLinkedQueue<>();

	private static final AtomicInteger WAITING = new AtomicInteger();

	private static final AtomicLong DROPPED = new AtomicLong();

	private static final Logger OWN = LoggerFactory.getLogger(SupervisorLog.class);

	private static final Thread WRITER = PlatformThreads.daemon("worker-log", SupervisorLog::write);

	static {
		WRITER.start();
	}

	private final Logger logger;

	private SupervisorLog(Logger logger) {
		this.logger = logger;
	}

	/**
	 * Loads every class of the logging framework behind SLF4J, before the first request: the
	 * writer must not load one lazily (the first line with a new argument type, a rollover) while
	 * a request thread holds the lock that loading it needs.
	 * @return how many classes were loaded
	 */
	public static int loadFramework() {
		List<Class<?>> framework = new ArrayList<>(List.of(LoggerFactory.class));
		for (Class<?> type : List.of(LoggerFactory.getILoggerFactory().getClass(), OWN.getClass())) {
			// Up to the JDK's own classes, which no application lock guards.
			for (Class<?> level = type; level != null && level.getClassLoader() != null; level = level.getSuperclass()) {
				framework.add(level);
			}
		}
		return ClassPreloader.loadJarsOf(framework);
	}

	public static SupervisorLog of(Class<?> type) {
		return new SupervisorLog(LoggerFactory.getLogger(type));
	}

	public void info(String format, Object... arguments) {
		post(() -> this.logger.info(format, arguments));
	}

	public void warn(String format, Object... arguments) {
		post(() -> this.logger.warn(format, arguments));
	}

	public void error(String format, Object... arguments) {
		post(() -> this.logger.error(format, arguments));
	}

	/**
	 * Waits, at most {@code timeout}, for the lines posted so far to be written: at shutdown, so
	 * that the last of them are not lost with the JVM.
	 */
	public static void flush(long timeout, TimeUnit unit) {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		while (WAITING.get() > 0 && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	private static void post(Runnable line) {
		if (WAITING.incrementAndGet() > MAX_WAITING) {
			WAITING.decrementAndGet();
			DROPPED.incrementAndGet();
			return;
		}
		LINES.add(line);
		LockSupport.unpark(WRITER);
	}

	private static void write() {
		while (true) {
			Runnable line = LINES.poll();
			if (line == null) {
				long dropped = DROPPED.getAndSet(0);
				if (dropped > 0) {
					OWN.warn("{} lines of the worker model's log were dropped: the log could not keep up", dropped);
				}
				LockSupport.park();
				continue;
			}
			try {
				line.run();
			}
			catch (RuntimeException ex) {
				// A logger that fails must not end the writer: the lines after it still matter.
			}
			finally {
				WAITING.decrementAndGet();
			}
		}
	}

}
