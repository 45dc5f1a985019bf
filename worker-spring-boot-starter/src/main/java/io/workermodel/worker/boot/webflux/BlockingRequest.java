package io.workermodel.worker.boot.webflux;

import io.workermodel.worker.InFlightRequest;
import io.workermodel.worker.Worker;

/**
 * A request whose blocking handler runs on a worker: what the filter knows of it (method, path,
 * status) meets what the worker knows (which worker, which thread, how long).
 */
final class BlockingRequest {

	/**
	 * The request being subscribed to on this thread. Spring hands the blocking handler to the
	 * executor during that subscription unless it first waits for the request body, so the
	 * executor can tell whose handler it runs.
	 */
	private static final ThreadLocal<BlockingRequest> SUBSCRIBING = new ThreadLocal<>();

	private static final String UNKNOWN = "?";

	private final String method;

	private final String path;

	private volatile Worker worker;

	private volatile InFlightRequest inFlight;

	BlockingRequest(String method, String path) {
		this.method = method;
		this.path = path;
	}

	/** The request whose subscription runs on this thread, or one that describes itself as unknown. */
	static BlockingRequest subscribing() {
		BlockingRequest request = SUBSCRIBING.get();
		return (request != null) ? request : new BlockingRequest(UNKNOWN, UNKNOWN);
	}

	void subscribing(Runnable subscription) {
		SUBSCRIBING.set(this);
		try {
			subscription.run();
		}
		finally {
			SUBSCRIBING.remove();
		}
	}

	/** Records the handler's start on the worker running the calling thread. */
	InFlightRequest startOn(Worker worker) {
		InFlightRequest started = worker.requestStarted(this.method, this.path);
		this.worker = worker;
		this.inFlight = started;
		return started;
	}

	/** The worker that ran the handler, or {@code null} if none has. */
	Worker worker() {
		return this.worker;
	}

	InFlightRequest inFlight() {
		return this.inFlight;
	}

	boolean isAborted() {
		InFlightRequest started = this.inFlight;
		return started != null && started.isAborted();
	}

}
