package io.workermodel.worker.boot.webflux;

import io.workermodel.worker.Dispatcher;
import io.workermodel.worker.Worker;

import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Runs WebFlux's blocking controller methods on the workers, each request counted once on the
 * worker that first runs it and watched by the watchdog whenever it holds a worker's thread.
 * Work no worker takes in time (the backlog is full, or it waited past {@code max-queue-time}) is
 * refused, which {@link BlockingRequestFilter} answers with a 503.
 */
public class WorkerTaskExecutor implements AsyncTaskExecutor {

	private final Dispatcher dispatcher;

	public WorkerTaskExecutor(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void execute(Runnable task) {
		if (Worker.current() != null) {
			// Handed over by the request's own work on this worker (Spring subscribes on the
			// executor, then invokes on it): it goes on here rather than queueing for another.
			task.run();
			return;
		}
		BlockingRequest request = BlockingRequest.current();
		this.dispatcher.submit(() -> request.runOn(Worker.current(), task), request::refuse, System.nanoTime());
	}

}
