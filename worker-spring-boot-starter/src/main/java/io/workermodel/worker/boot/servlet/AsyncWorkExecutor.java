package io.workermodel.worker.boot.servlet;

import java.io.IOException;

import io.workermodel.worker.Dispatcher;
import io.workermodel.worker.Worker;
import io.workermodel.worker.WorkerRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring MVC's asynchronous executor: the work of a {@code Callable}, a {@code WebAsyncTask} or a
 * {@code StreamingResponseBody} runs on the workers, as a later part of the request that returned
 * it, bounded by the worker class and seen by the endpoint and meters like any other work. While
 * it runs it holds a worker's thread and is timed from when it took it, or from what it last
 * wrote; work no worker takes in time is answered 503 like a request.
 */
public class AsyncWorkExecutor implements AsyncTaskExecutor {

	private final Dispatcher dispatcher;

	public AsyncWorkExecutor(Dispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@Override
	public void execute(Runnable task) {
		// Spring MVC hands the work over on the request's own thread, after it started async processing.
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			this.dispatcher.execute(task);
			return;
		}
		HttpServletRequest request = servlet.getRequest();
		HttpServletResponse response = servlet.getResponse();
		// The request's own worker thread, where the request filter opened it.
		Worker worker = Worker.current();
		WorkerRequest opened = (worker != null) ? worker.requestOnCurrentThread() : null;
		this.dispatcher.submit(() -> runAsPartOf(opened, task), () -> refuse(request, response), System.nanoTime());
	}

	private static void runAsPartOf(WorkerRequest request, Runnable task) {
		if (request == null) {
			// The never-shed lane's request, served uncounted where it arrived.
			task.run();
			return;
		}
		request.attach();
		try {
			task.run();
		}
		finally {
			request.detach();
		}
	}

	/** No worker took the work in time: the request ends as an overloaded one does. */
	private void refuse(HttpServletRequest request, HttpServletResponse response) {
		if (!request.isAsyncStarted()) {
			return;
		}
		AsyncContext async = request.getAsyncContext();
		try {
			if (response != null && !response.isCommitted()) {
				WorkerRequestFilter.overloaded(request, response, Long.toString(this.dispatcher.retryAfterSeconds()));
			}
		}
		catch (IOException ex) {
			// The client has gone: there is no one to answer.
		}
		finally {
			async.complete();
		}
	}

}
