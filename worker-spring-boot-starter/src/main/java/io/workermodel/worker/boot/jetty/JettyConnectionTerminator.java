package io.workermodel.worker.boot.jetty;

import java.io.IOException;

import io.workermodel.worker.boot.servlet.ConnectionTerminator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.jspecify.annotations.Nullable;

/**
 * Ends a Jetty connection from outside its thread, through the connection's end point, which
 * Jetty's request exposes. Flushes without blocking, so that a client that reads nothing cannot
 * hold the watchdog.
 */
final class JettyConnectionTerminator implements ConnectionTerminator {

	@Override
	public @Nullable Runnable terminator(@Nullable Runnable unit, HttpServletRequest request,
			HttpServletResponse response) {
		ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
		if (jettyRequest == null) {
			return null;
		}
		EndPoint endPoint = jettyRequest.getConnectionMetaData().getConnection().getEndPoint();
		return () -> end(endPoint, response);
	}

	private static void end(EndPoint endPoint, HttpServletResponse response) {
		if (!endPoint.isOpen()) {
			return;
		}
		try {
			if (!response.isCommitted()) {
				endPoint.flush(ConnectionTerminator.serviceUnavailable());
			}
		}
		catch (IOException ex) {
			// The client has gone already: closing is all that is left.
		}
		finally {
			endPoint.close();
		}
	}

}
