package io.workermodel.worker.boot.servlet;

import java.io.IOException;
import java.io.PrintWriter;

import io.workermodel.worker.WorkerRequest;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response the application writes, as the worker model supervises it. It tells its request
 * each time the application writes to it, so that the watchdog times a streamed body (a
 * {@code StreamingResponseBody}, a long download) by its silence: a stream that keeps writing is
 * never cut by {@code worker.timeout}, one that stalls is. And once the watchdog has aborted the
 * request, an error the application answers (its thread interrupted in a read, say, which Spring
 * MVC answers 400) is answered 503 instead: the request timed out.
 */
final class SupervisedResponse extends HttpServletResponseWrapper {

	private final WorkerRequest request;

	private ServletOutputStream output;

	private PrintWriter writer;

	SupervisedResponse(HttpServletResponse response, WorkerRequest request) {
		super(response);
		this.request = request;
	}

	@Override
	public void sendError(int status) throws IOException {
		if (this.request.isAborted()) {
			timedOut();
		}
		else {
			super.sendError(status);
		}
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		if (this.request.isAborted()) {
			timedOut();
		}
		else {
			super.sendError(status, message);
		}
	}

	private void timedOut() throws IOException {
		// As the request filter answers a timed-out request: its client should not keep the connection.
		setHeader("Connection", "close");
		super.sendError(SC_SERVICE_UNAVAILABLE);
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.output == null) {
			this.output = new ReportingOutput(super.getOutputStream(), this.request);
		}
		return this.output;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			this.writer = new ReportingWriter(super.getWriter(), this.request);
		}
		return this.writer;
	}

	private static final class ReportingOutput extends ServletOutputStream {

		private final ServletOutputStream output;

		private final WorkerRequest request;

		ReportingOutput(ServletOutputStream output, WorkerRequest request) {
			this.output = output;
			this.request = request;
		}

		@Override
		public void write(int b) throws IOException {
			this.output.write(b);
			this.request.progressed();
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.output.write(bytes, offset, length);
			this.request.progressed();
		}

		@Override
		public void flush() throws IOException {
			this.output.flush();
			this.request.progressed();
		}

		@Override
		public void close() throws IOException {
			this.output.close();
		}

		@Override
		public boolean isReady() {
			return this.output.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.output.setWriteListener(listener);
		}

	}

	private static final class ReportingWriter extends PrintWriter {

		private final WorkerRequest request;

		ReportingWriter(PrintWriter writer, WorkerRequest request) {
			super(writer);
			this.request = request;
		}

		@Override
		public void write(int c) {
			super.write(c);
			this.request.progressed();
		}

		@Override
		public void write(char[] chars, int offset, int length) {
			super.write(chars, offset, length);
			this.request.progressed();
		}

		@Override
		public void write(String text, int offset, int length) {
			super.write(text, offset, length);
			this.request.progressed();
		}

		@Override
		public void flush() {
			super.flush();
			this.request.progressed();
		}

	}

}
