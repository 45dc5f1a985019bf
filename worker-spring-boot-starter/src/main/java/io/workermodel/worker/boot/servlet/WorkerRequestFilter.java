package io.workermodel.worker.boot.servlet;

import java.io.IOException;
import java.util.List;

import io.workermodel.worker.InFlightRequest;
import io.workermodel.worker.Worker;
import io.workermodel.worker.boot.RequestObserver;
import io.workermodel.worker.boot.RequestPaths;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Records each request on the worker that runs it, so that stats speak of requests rather than of
 * the container's socket events and the watchdog can see how long each has run. Answers shed
 * requests, and requests the watchdog aborted, with a 503.
 */
public class WorkerRequestFilter extends HttpFilter {

	private final List<RequestObserver> observers;

	public WorkerRequestFilter(List<RequestObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	/** How long an overloaded server asks a client to wait, in seconds. */
	static final String RETRY_AFTER_SECONDS = "1";

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		Worker worker = Worker.current();
		if (worker == null) {
			if (OverloadShedder.isShedding()) {
				answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
				response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		InFlightRequest inFlight = worker.requestStarted(request.getMethod(),
				RequestPaths.withoutParameters(request.getRequestURI()));
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = isServerError(response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// The watchdog interrupted the request: whatever it threw, the answer is that it timed out.
			if (!inFlight.isAborted() || response.isCommitted()) {
				throw ex;
			}
		}
		finally {
			if (inFlight.isAborted() && !response.isCommitted()) {
				response.reset();
				answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
				failed = true;
			}
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AsyncCompletion(worker, inFlight, response));
			}
			else {
				finished(worker, inFlight, response.getStatus(), failed);
			}
		}
	}

	private void finished(Worker worker, InFlightRequest request, int status, boolean failed) {
		for (RequestObserver observer : this.observers) {
			observer.requestFinished(worker, request, status);
		}
		worker.requestFinished(request, failed);
	}

	private static void answer(HttpServletResponse response, int status) {
		response.setStatus(status);
		// Overloaded or timed out: ask the client not to keep this connection busy too.
		response.setHeader("Connection", "close");
	}

	private static boolean isServerError(HttpServletResponse response) {
		return response.getStatus() >= HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
	}

	/** Ends the accounting of a request that went asynchronous, on whatever thread completes it. */
	private final class AsyncCompletion implements AsyncListener {

		private final Worker worker;

		private final InFlightRequest request;

		private final HttpServletResponse response;

		AsyncCompletion(Worker worker, InFlightRequest request, HttpServletResponse response) {
			this.worker = worker;
			this.request = request;
			this.response = response;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			finished(this.worker, this.request, this.response.getStatus(), isServerError(this.response));
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows and ends the accounting; the failure shows as a 5xx status there.
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A nested startAsync() replaces the listeners, so come along to the new one.
			event.getAsyncContext().addListener(this);
		}

	}

}
