package io.workermodel.worker.boot.tomcat;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.workermodel.worker.boot.servlet.ConnectionTerminator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.net.SocketProcessorBase;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Ends a Tomcat connection from outside its thread: the unit of work Tomcat hands its executor
 * (a {@link SocketProcessorBase}) holds the connection's socket, which Tomcat offers no other way
 * to reach while a request runs. Writes without blocking, so that a client that reads nothing
 * cannot hold the watchdog.
 */
final class TomcatConnectionTerminator implements ConnectionTerminator {

	private static final VarHandle SOCKET;

	static {
		try {
			SOCKET = MethodHandles.privateLookupIn(SocketProcessorBase.class, MethodHandles.lookup())
				.findVarHandle(SocketProcessorBase.class, "socketWrapper", SocketWrapperBase.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@Override
	public @Nullable Runnable terminator(@Nullable Runnable unit, HttpServletRequest request,
			HttpServletResponse response) {
		if (!(unit instanceof SocketProcessorBase<?> processor)) {
			return null;
		}
		// Read now, while the request runs on it: Tomcat reuses processors for other sockets.
		SocketWrapperBase<?> socket = (SocketWrapperBase<?>) SOCKET.get(processor);
		return (socket != null) ? () -> end(socket, response) : null;
	}

	private static void end(SocketWrapperBase<?> socket, HttpServletResponse response) {
		if (socket.isClosed()) {
			return;
		}
		try {
			if (!response.isCommitted()) {
				socket.write(false, ConnectionTerminator.serviceUnavailable());
				socket.flush(false);
			}
		}
		catch (IOException ex) {
			// The client has gone already: closing is all that is left.
		}
		finally {
			socket.close();
		}
	}

}
