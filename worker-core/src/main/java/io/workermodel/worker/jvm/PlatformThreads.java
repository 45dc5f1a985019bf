package io.workermodel.worker.jvm;

/** The worker model's own platform threads, made as Java 17 makes them. */
public final class PlatformThreads {

	private PlatformThreads() {
	}

	/** An unstarted daemon thread: none of the worker model's threads keeps the JVM alive. */
	public static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
