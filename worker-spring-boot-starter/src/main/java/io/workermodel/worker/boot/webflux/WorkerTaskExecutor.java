package io.workermodel.worker.boot.webflux;

import io.workermodel.worker.Dispatcher;
import io.workermodel.worker.InFlightRequest;
import io.workermodel.worker.Worker;

import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Runs WebFlux's blocking controller methods on the workers, each counted as a request on the
 * worker that runs it and watched by the watchdog for as long as it holds the worker's thread.
 * Work no worker can take is refused, which {@link BlockingRequestFilter} answers with a 503.
 */
public class WorkerTaskExecutor implements AsyncTaskExecutor {

	private final Dispatcher dispatcher;

	public WorkerTaskExecutor(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void execute(Runnable task) {
		BlockingRequest request = BlockingRequest.subscribing();
		this.dispatcher.execute(() -> {
			Worker worker = Worker.current();
			InFlightRequest inFlight = request.startOn(worker);
			boolean failed = true;
			try {
				task.run();
				failed = false;
			}
			finally {
				// Ended here, not when the response is written: from now on the thread runs other work.
				worker.requestFinished(inFlight, failed);
			}
		});
	}

}
