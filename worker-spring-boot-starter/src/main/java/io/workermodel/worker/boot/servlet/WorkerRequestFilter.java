package io.workermodel.worker.boot.servlet;

import java.io.IOException;
import java.util.regex.Pattern;

import io.workermodel.worker.InFlightRequest;
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
 * the container's socket events and the watchdog can see how long each has run. Answers shed
 * requests, and requests the watchdog aborted, with a 503.
 */
public class WorkerRequestFilter extends HttpFilter {

	/** How long an overloaded server asks a client to wait, in seconds. */
	static final String RETRY_AFTER_SECONDS = "1";

	private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");

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
		InFlightRequest inFlight = worker.requestStarted(request.getMethod(), pathOf(request));
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
				worker.requestFinished(inFlight, failed);
			}
		}
	}

	/**
	 * The request's path without its query string or path parameters: either can carry
	 * credentials or a session id, and the path reaches logs and listeners.
	 */
	private static String pathOf(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return (uri.indexOf(';') < 0) ? uri : PATH_PARAMETER.matcher(uri).replaceAll("");
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
	private record AsyncCompletion(Worker worker, InFlightRequest request,
			HttpServletResponse response) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.worker.requestFinished(this.request, isServerError(this.response));
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
