package io.workermodel.worker.boot.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * How a servlet container's connection is ended from outside the thread that serves it: what a
 * hard timeout needs once a request's thread ignores the watchdog's interruption. Each container
 * integration knows its own way to the connection.
 */
@FunctionalInterface
public interface ConnectionTerminator {

	/**
	 * What ends the connection of the request: a 503 if nothing of the response was written yet,
	 * then the connection closed. It runs on the watchdog's thread and must not block.
	 * @param unit the container's unit of work that carries the request, where the container
	 * hands its executor such units; {@code null} otherwise
	 * @return the terminator, or {@code null} where the container offers no way
	 */
	@Nullable Runnable terminator(@Nullable Runnable unit, HttpServletRequest request, HttpServletResponse response);

	/** The answer a terminator writes where nothing was written yet: no body, and the connection closes. */
	static ByteBuffer serviceUnavailable() {
		return ByteBuffer.wrap("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII));
	}

}
