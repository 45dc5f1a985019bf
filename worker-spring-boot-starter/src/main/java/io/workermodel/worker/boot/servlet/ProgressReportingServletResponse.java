package io.workermodel.worker.boot.servlet;

import java.io.IOException;
import java.io.PrintWriter;

import io.workermodel.worker.WorkerRequest;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that tells its request each time the application writes to it, so that the
 * watchdog times a streamed body (a {@code StreamingResponseBody}, a long download) by its
 * silence: a stream that keeps writing is never cut by {@code worker.timeout}, one that stalls is.
 */
final class ProgressReportingServletResponse extends HttpServletResponseWrapper {

	private final WorkerRequest request;

	private ServletOutputStream output;

	private PrintWriter writer;

	ProgressReportingServletResponse(HttpServletResponse response, WorkerRequest request) {
		super(response);
		this.request = request;
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
