package io.workermodel.worker.boot.webflux;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerRequest;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * A request whose blocking handler runs on the workers: what the filter knows of it (method, path,
 * status) meets what the workers know (which worker, which thread, how long). Spring hands the
 * handler's work to the executor on the thread that subscribes to the request, or on the one that
 * delivers its body; while either runs, this request is the thread's {@linkplain #current current}
 * one, so the executor can tell whose work it runs.
 */
final class BlockingRequest {

	private static final ThreadLocal<BlockingRequest> CURRENT = new ThreadLocal<>();

	private static final String UNKNOWN = "?";

	private final String method;

	private final String path;

	/** How long it waited in front of the server, in nanoseconds. */
	private final long waitedBefore;

	/** Fails when no worker will run the request's work. */
	private final Sinks.Empty<Void> refusal = Sinks.empty();

	/** The request on the worker that first ran a unit of its work; {@code null} before. */
	private volatile WorkerRequest opened;

	BlockingRequest(String method, String path, long waitedBefore) {
		this.method = method;
		this.path = path;
		this.waitedBefore = waitedBefore;
	}

	/**
	 * The request being subscribed to or fed on this thread, or, for work Spring hands over at any
	 * other time, one that describes itself as unknown.
	 */
	static BlockingRequest current() {
		BlockingRequest request = CURRENT.get();
		return (request != null) ? request : new BlockingRequest(UNKNOWN, UNKNOWN, 0);
	}

	/** Runs the code with this request as the thread's current one. */
	void within(Runnable code) {
		BlockingRequest outer = CURRENT.get();
		CURRENT.set(this);
		try {
			code.run();
		}
		finally {
			CURRENT.set(outer);
		}
	}

	/** Makes this request current while the publisher's signals are delivered. */
	<T> Function<Publisher<T>, Publisher<T>> withinSignals() {
		return (publisher) -> Operators.<T, T>lift((scannable, subscriber) -> new Scoped<>(subscriber))
			.apply(publisher);
	}

	/**
	 * Runs one unit of this request's work on the worker of the calling thread. The first opens
	 * the request on that worker; a later one (the handler, after the body arrived) runs as a
	 * later part of it. Between units, and once the handler has returned, the request holds no
	 * thread.
	 */
	void runOn(Worker worker, Runnable work) {
		WorkerRequest request = this.opened;
		if (request == null) {
			request = worker.open(this.method, this.path);
			request.waitedBefore(this.waitedBefore);
			request.admit();
			this.opened = request;
		}
		else {
			request.attach();
		}
		try {
			work.run();
		}
		finally {
			// From now on the thread runs other work; the response is written off it.
			request.detach();
		}
	}

	/**
	 * Tells the request that a unit of its work will not run: the backlog was full, or the unit
	 * waited past {@code max-queue-time}. Work Spring hands over outside any request has nobody to
	 * tell, and is dropped.
	 */
	void refuse() {
		this.refusal.tryEmitError(new RejectedExecutionException("No worker took the request's work in time"));
	}

	/** Fails with a {@link RejectedExecutionException} once the request is refused; never completes otherwise. */
	Mono<Void> refusal() {
		return this.refusal.asMono();
	}

	/** Closes the request with the status it was answered with, if a worker ran any of it. */
	void close(int status) {
		WorkerRequest request = this.opened;
		if (request != null) {
			request.close(status);
		}
	}

	boolean isAborted() {
		WorkerRequest request = this.opened;
		return request != null && request.isAborted();
	}

	private final class Scoped<T> implements CoreSubscriber<T> {

		private final CoreSubscriber<? super T> actual;

		Scoped(CoreSubscriber<? super T> actual) {
			this.actual = actual;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.actual.onSubscribe(subscription);
		}

		@Override
		public void onNext(T item) {
			within(() -> this.actual.onNext(item));
		}

		@Override
		public void onError(Throwable error) {
			within(() -> this.actual.onError(error));
		}

		@Override
		public void onComplete() {
			within(this.actual::onComplete);
		}

	}

}
