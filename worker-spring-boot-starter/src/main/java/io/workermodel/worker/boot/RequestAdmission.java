package io.workermodel.worker.boot;

import java.util.function.BiFunction;

import io.workermodel.worker.Dispatcher;
import io.workermodel.worker.QueueDeadline;
import io.workermodel.worker.WorkerSettings;

/**
 * What every server integration decides of a request before it lets it near a worker: is it one of
 * the never-shed lane's, and has it waited too long already in front of this server.
 */
public final class RequestAdmission {

	/** {@link #decide}: the request belongs to the never-shed lane and runs where it is, uncounted. */
	public static final long PRIORITY = -1;

	/** {@link #decide}: the request waited too long in front of this server and is answered 503. */
	public static final long EXPIRED = -2;

	private final PriorityPaths priorityPaths;

	private final QueueStartHeader queueStart;

	private final QueueDeadline deadline;

	private final Dispatcher dispatcher;

	/**
	 * @param queueStart the header a proxy stamps its arrival time in, or {@code null} to trust none
	 */
	public RequestAdmission(PriorityPaths priorityPaths, QueueStartHeader queueStart, WorkerSettings settings,
			Dispatcher dispatcher) {
		this.priorityPaths = priorityPaths;
		this.queueStart = queueStart;
		this.deadline = settings.queueDeadline();
		this.dispatcher = dispatcher;
	}

	/**
	 * What every integration decides first, the same way: a request of the never-shed lane is not
	 * the workers' ({@link #PRIORITY}); one that waited past the queue-time deadline in front of
	 * this server, where a trusted proxy stamped that, is answered 503 with Retry-After at once and
	 * counted as expired ({@link #EXPIRED}); any other goes to a worker, with how long it waited.
	 * Takes the request and how to read one of its headers apart, so that a caller passes a method
	 * reference that captures nothing and costs no allocation on the request's path.
	 * @param path the request's path within the application
	 * @param request the request, or its headers
	 * @param header reads a header's value by name
	 * @return {@link #PRIORITY}, {@link #EXPIRED}, or the nanoseconds it waited before this server
	 * (0 when unknown)
	 */
	public <R> long decide(String path, R request, BiFunction<R, String, String> header) {
		if (this.priorityPaths.matches(path)) {
			return PRIORITY;
		}
		long waited = (this.queueStart != null)
				? this.queueStart.waitedNanos(header.apply(request, this.queueStart.name())) : 0;
		if (this.deadline.passedBy(waited)) {
			this.dispatcher.countExpired(waited);
			return EXPIRED;
		}
		return waited;
	}

	/**
	 * What the Retry-After of a 503 for overload says now, in seconds, as
	 * {@link Dispatcher#retryAfterSeconds()} has it.
	 */
	public String retryAfter() {
		return Long.toString(this.dispatcher.retryAfterSeconds());
	}

	/** The dispatcher that admits the application's requests. */
	public Dispatcher dispatcher() {
		return this.dispatcher;
	}

}
