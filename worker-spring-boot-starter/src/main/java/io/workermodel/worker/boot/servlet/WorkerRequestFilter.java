package io.workermodel.worker.boot.servlet;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerRequest;
import io.workermodel.worker.boot.UnavailableProblem;
import io.workermodel.worker.boot.RequestAdmission;
import io.workermodel.worker.boot.RequestPaths;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Admits each request: one of the never-shed lane runs wherever it arrived, uncounted; one that
 * waited past {@code max-queue-time} in front of the server is answered 503; one on a worker's
 * thread is opened on that worker and closed with its status, so that stats speak of requests
 * rather than of the container's socket events and the watchdog sees how long each has run; and
 * one read on the server's own threads (by the {@link IntakeLane} because every worker was busy,
 * or by a server such as Jetty that reads every request on its own threads) waits for a worker and
 * runs on its thread, or is answered 503 when the backlog is full or its wait passes the deadline.
 * A request the watchdog aborted is answered 503 too.
 */
public class WorkerRequestFilter extends HttpFilter {

	private final RequestAdmission admission;

	private final ConnectionTerminator connections;

	/**
	 * Whether the server reads every request on its own threads, so that each is handed to a
	 * worker here; otherwise only those of the {@link IntakeLane} are, the rest having reached a
	 * worker's thread already, and a request on any other thread (an asynchronous dispatch's) runs
	 * where it is.
	 */
	private final boolean handsOverEveryRequest;

	/**
	 * @param connections how the container's connections are ended from outside, for the hard
	 * timeout
	 * @param handsOverEveryRequest whether the server reads every request on its own threads
	 */
	public WorkerRequestFilter(RequestAdmission admission, ConnectionTerminator connections,
			boolean handsOverEveryRequest) {
		this.admission = admission;
		this.connections = connections;
		this.handsOverEveryRequest = handsOverEveryRequest;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String uri = request.getRequestURI();
		long waitedBefore = this.admission.decide(uri.substring(request.getContextPath().length()), request,
				HttpServletRequest::getHeader);
		if (waitedBefore == RequestAdmission.PRIORITY) {
			chain.doFilter(request, response);
			return;
		}
		if (waitedBefore == RequestAdmission.EXPIRED) {
			overloaded(request, response, this.admission.retryAfter());
			return;
		}
		Worker worker = Worker.current();
		String path = RequestPaths.withoutParameters(uri);
		if (worker != null) {
			serve(worker, Worker.currentUnit(), path, waitedBefore, request, response, chain);
		}
		else if (IntakeLane.isIntake() || this.handsOverEveryRequest) {
			awaitWorker(path, waitedBefore, request, response, chain);
		}
		else {
			// A thread that is not the worker model's, as an asynchronous dispatch's may be.
			chain.doFilter(request, response);
		}
	}

	/**
	 * @param unit the container's unit of work that carries the request, or {@code null} where the
	 * container hands over no such units
	 */
	private void serve(Worker worker, @Nullable Runnable unit, String path, long waitedBefore, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
		WorkerRequest opened = worker.open(request.getMethod(), path);
		opened.waitedBefore(waitedBefore);
		opened.terminateWith(this.connections.terminator(unit, request, response));
		// A thread-based worker admits what reached its thread: its capacity was taken with the work.
		opened.admit();
		try {
			chain.doFilter(request, new SupervisedResponse(response, opened));
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
			if (UnavailableProblem.acceptedBy(request.getHeader("Accept"))) {
				writeProblem(response, UnavailableProblem.timedOut());
			}
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

	/**
	 * Submits the request, read on the server's own thread, to run on a worker's thread, and waits
	 * there (on the intake lane, a virtual thread) until it has run or been refused.
	 */
	private void awaitWorker(String path, long waitedBefore, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		CompletableFuture<Boolean> outcome = new CompletableFuture<>();
		boolean intake = IntakeLane.isIntake();
		Runnable unit = intake ? IntakeLane.unit() : null;
		long arrived = intake ? IntakeLane.arrivedNanos() : System.nanoTime();
		// The container bound the application's class loader to this thread, not to the worker's.
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		this.admission.dispatcher().submit(() -> {
			Thread thread = Thread.currentThread();
			ClassLoader own = thread.getContextClassLoader();
			thread.setContextClassLoader(loader);
			try {
				// The wait in front of the server is in the submitted start already.
				serve(Worker.current(), unit, path, 0, request, response, chain);
				outcome.complete(true);
			}
			catch (Throwable ex) {
				outcome.completeExceptionally(ex);
			}
			finally {
				thread.setContextClassLoader(own);
			}
		}, () -> outcome.complete(false), arrived - waitedBefore);
		boolean served;
		try {
			served = outcome.join();
		}
		catch (CompletionException ex) {
			throw rethrown(ex.getCause());
		}
		if (!served) {
			overloaded(request, response, this.admission.retryAfter());
		}
	}

	private static ServletException rethrown(Throwable failure) throws IOException {
		if (failure instanceof IOException io) {
			throw io;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return (failure instanceof ServletException servlet) ? servlet : new ServletException(failure);
	}

	/**
	 * Every worker is busy and the backlog full, a queue stands, or the request waited too long:
	 * come back after {@code retryAfter} seconds; a problem detail for a client that reads JSON.
	 */
	static void overloaded(HttpServletRequest request, HttpServletResponse response, String retryAfter)
			throws IOException {
		answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", retryAfter);
		if (UnavailableProblem.acceptedBy(request.getHeader("Accept"))) {
			writeProblem(response, UnavailableProblem.overloaded(retryAfter));
		}
	}

	private static void writeProblem(HttpServletResponse response, byte[] body) throws IOException {
		response.setContentType(UnavailableProblem.MEDIA_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
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
