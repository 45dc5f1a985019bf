package io.workermodel.worker.boot.tomcat;

import io.workermodel.worker.Dispatcher;
import org.apache.tomcat.util.threads.ResizableExecutor;

/**
 * The dispatcher as Tomcat sees an executor: as a {@link ResizableExecutor}, so that Tomcat's own
 * thread gauges {@code tomcat.threads.busy} and {@code tomcat.threads.current} read the workers'
 * numbers instead of -1 ({@code tomcat.threads.config.max} stays -1: Tomcat reports it for its
 * own executor only). The size is the workers' business: resizing through Tomcat is
 * refused, and {@code worker.workers} or the endpoint's scale operation used instead.
 */
final class TomcatWorkerExecutor implements ResizableExecutor {

	private final Dispatcher dispatcher;

	TomcatWorkerExecutor(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void execute(Runnable command) {
		this.dispatcher.execute(command);
	}

	@Override
	public int getPoolSize() {
		return this.dispatcher.capacity();
	}

	@Override
	public int getMaxThreads() {
		return this.dispatcher.capacity();
	}

	@Override
	public int getActiveCount() {
		return this.dispatcher.busy();
	}

	@Override
	public boolean resizePool(int corePoolSize, int maximumPoolSize) {
		return false;
	}

	@Override
	public boolean resizeQueue(int capacity) {
		return false;
	}

}
