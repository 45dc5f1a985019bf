package io.workermodel.worker;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.workermodel.worker.jvm.SupervisorLog;

/**
 * Tells the {@link WorkerListener}s what happens, one after another, so that a listener's failure
 * is logged and harms no worker and no request. Request events reach only the listeners that hear
 * every request, or all of them when request hooks are on: they run on every request's path.
 */
final class Listeners {

	private static final SupervisorLog log = SupervisorLog.of(Listeners.class);

	private final List<WorkerListener> all;

	private final List<WorkerListener> ofRequests;

	/**
	 * @param allHearRequests whether every listener hears of every request, not only those that
	 * ask to
	 */
	Listeners(List<WorkerListener> listeners, boolean allHearRequests) {
		this.all = List.copyOf(listeners);
		this.ofRequests = allHearRequests ? this.all : this.all.stream().filter(WorkerListener::hearsEveryRequest).toList();
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
		tell(request, WorkerListener::beforeRequest);
	}

	void afterRequest(WorkerRequest request) {
		tell(request, WorkerListener::afterRequest);
	}

	/**
	 * Tells the listeners of requests, with the request passed along rather than captured: the
	 * event is a method reference that captures nothing, so nothing is allocated per request.
	 */
	private void tell(WorkerRequest request, BiConsumer<WorkerListener, WorkerRequest> event) {
		for (WorkerListener listener : this.ofRequests) {
			try {
				event.accept(listener, request);
			}
			catch (RuntimeException ex) {
				failed(listener, ex);
			}
		}
	}

	private static void failed(WorkerListener listener, RuntimeException ex) {
		log.warn("Worker listener {} failed", listener, ex);
	}

}
