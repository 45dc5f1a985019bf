package io.workermodel.worker.boot.servlet;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * How a servlet container's connection is ended from outside the thread that serves it: what a
 * hard timeout needs once a request's thread ignores the watchdog's interruption. Each container
 * integration knows its own units of work.
 */
@FunctionalInterface
public interface ConnectionTerminator {

	/**
	 * What ends the connection of the request that unit carries: a 503 if nothing of the response
	 * was written yet, then the connection closed. It runs on the watchdog's thread and must not
	 * block.
	 * @param unit the container's unit of work that carries the request
	 * @return the terminator, or {@code null} for a unit this container does not know
	 */
	@Nullable Runnable terminator(Runnable unit, HttpServletResponse response);

}
