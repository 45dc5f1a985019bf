package io.workermodel.worker.boot;

import io.workermodel.worker.InFlightRequest;
import io.workermodel.worker.Worker;

/**
 * Hears of every request as it ends on a worker, with its status: how the meters time requests
 * without switching on the request hooks of every listener.
 */
@FunctionalInterface
public interface RequestObserver {

	/** Called on the request's thread before the worker counts the request as ended. */
	void requestFinished(Worker worker, InFlightRequest request, int status);

}
