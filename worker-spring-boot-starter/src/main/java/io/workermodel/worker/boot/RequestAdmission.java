package io.workermodel.worker.boot;

import java.util.function.BiFunction;

import io.workermodel.worker.Dispatcher;
import io.workermodel.worker.WorkerSettings;

/**
 * What every server integration asks of a request before it lets it near a worker: is it one of
 * the never-shed lane's, and has it waited too long already in front of this server.
 */
public final class RequestAdmission {

	/**
	 * How long an overloaded server asks a client to wait, in seconds, in the Retry-After of every
	 * 503 it answers for overload.
	 */
	public static final String RETRY_AFTER_SECONDS = "1";

	private final PriorityPaths priorityPaths;

	private final QueueStartHeader queueStart;

	private final long maxQueueNanos;

	private final Dispatcher dispatcher;

	/**
	 * @param queueStart the header a proxy stamps its arrival time in, or {@code null} to trust none
	 */
	public RequestAdmission(PriorityPaths priorityPaths, QueueStartHeader queueStart, WorkerSettings settings,
			Dispatcher dispatcher) {
		this.priorityPaths = priorityPaths;
		this.queueStart = queueStart;
		this.maxQueueNanos = settings.maxQueueTime().toNanos();
		this.dispatcher = dispatcher;
	}

	/**
	 * Whether the request belongs to the never-shed lane.
	 * @param path its path within the application
	 */
	public boolean isPriority(String path) {
		return this.priorityPaths.matches(path);
	}

	/**
	 * How long the request waited in front of this server, where a trusted proxy stamped that.
	 * Takes the request and how to read one of its headers apart, so that a caller passes a method
	 * reference that captures nothing and costs no allocation on the request's path.
	 * @param request the request, or its headers
	 * @param header reads a header's value by name
	 * @return the time in nanoseconds, or 0 when unknown
	 */
	public <R> long waitedBefore(R request, BiFunction<R, String, String> header) {
		return (this.queueStart != null) ? this.queueStart.waitedNanos(header.apply(request, this.queueStart.name()))
				: 0;
	}

	/**
	 * Whether a request that waited that long in front of this server is past the queue-time
	 * deadline already; counts it as expired if so. Its client is answered 503 with Retry-After.
	 */
	public boolean expiredBefore(long waitedNanos) {
		if (this.maxQueueNanos > 0 && waitedNanos > this.maxQueueNanos) {
			this.dispatcher.countExpired();
			return true;
		}
		return false;
	}

	/** The dispatcher that admits the application's requests. */
	public Dispatcher dispatcher() {
		return this.dispatcher;
	}

}
