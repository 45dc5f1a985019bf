package io.workermodel.worker.boot.netty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

import io.workermodel.worker.WorkerLoop;
import io.workermodel.worker.boot.webflux.WorkerResponses;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * The handling of a request on a reactive worker, which the watchdog may abort: whichever comes
 * first, the end of the handling or the abort, decides how the request ends. An abort cancels
 * the handling and answers 503 in its place. One operator, rather than a race between the
 * handling and an abort signal followed by a recovery and a finally, because it runs on every
 * request and each general operator adds a subscriber and a signal hop to it
 * (docs/architecture.md).
 */
final class AbortableRequest extends Mono<Void> {

	private final WebFilterChain chain;

	private final ServerWebExchange exchange;

	private final ServerHttpResponse response;

	/** The worker's loop, where an abort runs, as the request's own signals do. */
	private final WorkerLoop loop;

	private Consumer<SignalType> ended;

	private volatile Subscriber subscriber;

	/** The handling is the rest of the chain, started only once this is subscribed to. */
	AbortableRequest(WebFilterChain chain, ServerWebExchange exchange, WorkerLoop loop) {
		this.chain = chain;
		this.exchange = exchange;
		this.response = exchange.getResponse();
		this.loop = loop;
	}

	/**
	 * Sets what runs once the request has ended, however it ended: completed, failed, aborted
	 * and answered, or cancelled. Set apart from the constructor, and before the request is
	 * subscribed to, because it needs the record that needs {@link #abort}.
	 */
	AbortableRequest whenEnded(Consumer<SignalType> ended) {
		this.ended = ended;
		return this;
	}

	/** Aborts the handling, if it is still running, from any thread. */
	void abort() {
		this.loop.execute(() -> {
			Subscriber current = this.subscriber;
			if (current != null) {
				current.abort();
			}
		});
	}

	@Override
	public void subscribe(CoreSubscriber<? super Void> actual) {
		Subscriber subscriber = new Subscriber(actual);
		this.subscriber = subscriber;
		actual.onSubscribe(subscriber);
		this.chain.filter(this.exchange).subscribe(subscriber);
	}

	/**
	 * Passes on the end of the handling, or after an abort the end of the 503 answer, and cancels
	 * whichever of the two is running when the exchange is cancelled. Requests no demand of its
	 * own: a {@code Mono<Void>} only ends.
	 */
	private final class Subscriber implements CoreSubscriber<Void>, Subscription {

		private static final int HANDLING = 0;

		private static final int ANSWERING = 1;

		private static final int ENDED = 2;

		private static final VarHandle STATE;

		static {
			try {
				STATE = MethodHandles.lookup().findVarHandle(Subscriber.class, "state", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private final CoreSubscriber<? super Void> actual;

		/**
		 * The exchange's context, read once, as Reactor's own context operators hold theirs: every
		 * operator of the handling asks for it, and each ask would otherwise walk the whole chain
		 * of subscribers above the filter.
		 */
		private final Context context;

		private volatile int state = HANDLING;

		/** The handling's subscription, then the answer's after an abort. */
		private volatile Subscription upstream;

		Subscriber(CoreSubscriber<? super Void> actual) {
			this.actual = actual;
			this.context = actual.currentContext();
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			runs(subscription);
		}

		@Override
		public void onNext(Void item) {
		}

		@Override
		public void onError(Throwable error) {
			// Once aborted or cancelled, an error of the handling's is the fallout of that: dropped.
			fail(HANDLING, error);
		}

		@Override
		public void onComplete() {
			complete(HANDLING);
		}

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
			Subscription running = this.upstream;
			if (running != null) {
				running.cancel();
			}
			for (int current = this.state; current != ENDED; current = this.state) {
				// Retried if an abort moved the state on meanwhile: the end must still be heard once.
				if (end(current)) {
					ended.accept(SignalType.CANCEL);
					return;
				}
			}
		}

		void abort() {
			if (!STATE.compareAndSet(this, HANDLING, ANSWERING)) {
				return;
			}
			Subscription running = this.upstream;
			if (running != null) {
				running.cancel();
			}
			WorkerResponses.timedOut(exchange.getRequest(), response).subscribe(new Answer());
		}

		/** Takes the subscription of what runs now, the handling or the answer. */
		private void runs(Subscription subscription) {
			this.upstream = subscription;
			if (this.state == ENDED) {
				// The exchange was cancelled before this was subscribed to.
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		private boolean end(int from) {
			return STATE.compareAndSet(this, from, ENDED);
		}

		/** Passes on the end of what ran since {@code from}, unless the request has ended already. */
		private void complete(int from) {
			if (end(from)) {
				try {
					this.actual.onComplete();
				}
				finally {
					ended.accept(SignalType.ON_COMPLETE);
				}
			}
		}

		private void fail(int from, Throwable error) {
			if (end(from)) {
				try {
					this.actual.onError(error);
				}
				finally {
					ended.accept(SignalType.ON_ERROR);
				}
			}
		}

		/** The 503 written in place of an aborted handling's response. */
		private final class Answer implements CoreSubscriber<Void> {

			@Override
			public Context currentContext() {
				return Subscriber.this.context;
			}

			@Override
			public void onSubscribe(Subscription subscription) {
				runs(subscription);
			}

			@Override
			public void onNext(Void item) {
			}

			@Override
			public void onError(Throwable error) {
				fail(ANSWERING, error);
			}

			@Override
			public void onComplete() {
				complete(ANSWERING);
			}

		}

	}

}
