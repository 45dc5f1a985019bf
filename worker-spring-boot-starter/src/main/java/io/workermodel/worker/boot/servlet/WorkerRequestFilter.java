package io.workermodel.worker.boot.servlet;

import java.io.IOException;

import io.workermodel.worker.Worker;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Records each request on the worker that runs it, so that stats speak of requests rather than of
 * the container's socket events, and answers shed requests with a 503.
 */
public class WorkerRequestFilter extends HttpFilter {

	/** How long an overloaded server asks a client to wait, in seconds. */
	static final String RETRY_AFTER_SECONDS = "1";

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		Worker worker = Worker.current();
		if (worker == null) {
			if (OverloadShedder.isShedding()) {
				answerOverloaded(response);
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		worker.requestStarted();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = isServerError(response);
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AsyncCompletion(worker, response));
			}
			else {
				worker.requestFinished(failed);
			}
		}
	}

	private static void answerOverloaded(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
		// The server is past its capacity: ask the client not to keep this connection busy too.
		response.setHeader("Connection", "close");
	}

	private static boolean isServerError(HttpServletResponse response) {
		return response.getStatus() >= HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
	}

	/** Ends the accounting of a request that went asynchronous, on whatever thread completes it. */
	private record AsyncCompletion(Worker worker, HttpServletResponse response) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.worker.requestFinished(isServerError(this.response));
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
