package io.workermodel.worker;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link WorkerListener}s what happens, one after another, so that a listener's failure
 * is logged and harms no worker and no request. Request events reach only the listeners that hear
 * every request, or all of them when request hooks are on: they run on every request's path.
 */
final class Listeners {

	private static final Logger logger = LoggerFactory.getLogger(Listeners.class);

	private final List<WorkerListener> all;

	private final List<WorkerListener> ofRequests;

	Listeners(List<WorkerListener> listeners, boolean requestHooks) {
		this.all = List.copyOf(listeners);
		this.ofRequests = requestHooks ? this.all : this.all.stream().filter(WorkerListener::hearsEveryRequest).toList();
	}

	void tell(Consumer<WorkerListener> event) {
		for (WorkerListener listener : this.all) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				failed(listener, ex);
			}
		}
	}

	void beforeRequest(WorkerRequest request) {
		// A plain loop rather than tell(): a capturing lambda per request would be allocated.
		for (WorkerListener listener : this.ofRequests) {
			try {
				listener.beforeRequest(request);
			}
			catch (RuntimeException ex) {
				failed(listener, ex);
			}
		}
	}

	void afterRequest(WorkerRequest request) {
		for (WorkerListener listener : this.ofRequests) {
			try {
				listener.afterRequest(request);
			}
			catch (RuntimeException ex) {
				failed(listener, ex);
			}
		}
	}

	private static void failed(WorkerListener listener, RuntimeException ex) {
		logger.warn("Worker listener {} failed", listener, ex);
	}

}
