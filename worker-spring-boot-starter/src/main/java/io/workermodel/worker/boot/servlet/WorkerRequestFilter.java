package io.workermodel.worker.boot.servlet;

import java.io.IOException;

import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerRequest;
import io.workermodel.worker.boot.RequestPaths;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Opens each request on the worker whose thread runs it and closes it with its status, so that
 * stats speak of requests rather than of the container's socket events and the watchdog sees how
 * long each has run. Answers shed requests, and requests the watchdog aborted, with a 503.
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
				answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
				response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		WorkerRequest opened = worker.open(request.getMethod(), RequestPaths.withoutParameters(request.getRequestURI()));
		// A thread-based worker admits what reached its thread: its capacity was taken with the work.
		opened.admit();
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// The watchdog interrupted the request: whatever it threw, the answer is that it timed out.
			if (!opened.isAborted() || response.isCommitted()) {
				// The container answers what the application threw with a server error.
				opened.close(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
				throw ex;
			}
		}
		if (opened.isAborted() && !response.isCommitted()) {
			response.reset();
			answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		}
		if (request.isAsyncStarted()) {
			// Goes on without this thread, which serves other work from now on.
			opened.detach();
			request.getAsyncContext().addListener(new AsyncCompletion(opened, response));
		}
		else {
			opened.close(response.getStatus());
		}
	}

	private static void answer(HttpServletResponse response, int status) {
		response.setStatus(status);
		// Overloaded or timed out: ask the client not to keep this connection busy too.
		response.setHeader("Connection", "close");
	}

	/** Closes a request that went asynchronous, on whatever thread completes it. */
	private static final class AsyncCompletion implements AsyncListener {

		private final WorkerRequest request;

		private final HttpServletResponse response;

		AsyncCompletion(WorkerRequest request, HttpServletResponse response) {
			this.request = request;
			this.response = response;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			this.request.close(this.response.getStatus());
		}

		@Override
		public void onError(AsyncEvent event) {
			// onComplete follows and closes the request; the failure shows as a 5xx status there.
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
