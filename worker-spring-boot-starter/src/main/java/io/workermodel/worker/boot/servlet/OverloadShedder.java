package io.workermodel.worker.boot.servlet;

import java.util.concurrent.ThreadFactory;

import io.workermodel.worker.Shedder;

/**
 * Sheds work by running it on a short-lived virtual thread marked as shedding, where
 * {@link WorkerRequestFilter} answers each request with a 503 instead of running the
 * application. A container closes the connection when its executor rejects work; this lets the
 * client hear why.
 */
public final class OverloadShedder implements Shedder {

	private static final ThreadLocal<Boolean> SHEDDING = new ThreadLocal<>();

	private final ThreadFactory threads = Thread.ofVirtual().name("worker-shed-", 1).factory();

	/** Whether the calling thread runs work that no worker took. */
	static boolean isShedding() {
		return SHEDDING.get() != null;
	}

	@Override
	public void shed(Runnable work) {
		this.threads.newThread(() -> {
			SHEDDING.set(Boolean.TRUE);
			try {
				work.run();
			}
			finally {
				SHEDDING.remove();
			}
		}).start();
	}

}
