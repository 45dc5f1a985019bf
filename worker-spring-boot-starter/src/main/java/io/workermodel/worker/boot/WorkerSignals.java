package io.workermodel.worker.boot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.workermodel.worker.Arbiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Controls the workers with Unix signals, as gunicorn's arbiter does: {@code HUP} reloads them,
 * {@code TTIN} adds one and {@code TTOU} removes one. Restores the previous handlers when the
 * application stops. Uses {@code sun.misc.Signal}, the JDK's only way to handle a signal (it has no
 * supported API for it), on Linux and macOS.
 */
public class WorkerSignals implements InitializingBean, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WorkerSignals.class);

	private final Arbiter arbiter;

	private final Map<Signal, SignalHandler> previous = new HashMap<>();

	public WorkerSignals(Arbiter arbiter) {
		this.arbiter = arbiter;
	}

	@Override
	public void afterPropertiesSet() {
		if (handle("HUP", (arbiter) -> arbiter.reload()) == SignalHandler.SIG_IGN) {
			// The JVM installs no handler for a shutdown signal that the process started with
			// ignored, and says so only by returning SIG_IGN.
			logger.warn("SIGHUP is ignored by this process (started under nohup?), and the JVM keeps it ignored: "
					+ "HUP will not reload the workers. Start the application without nohup, or reload through "
					+ "the workers endpoint.");
		}
		handle("TTIN", (arbiter) -> arbiter.scale(arbiter.settings().workers() + 1));
		handle("TTOU", (arbiter) -> arbiter.scale(Math.max(1, arbiter.settings().workers() - 1)));
	}

	/** @return the signal's previous handler, or {@code null} if the platform refused a new one */
	private SignalHandler handle(String name, Consumer<Arbiter> action) {
		try {
			Signal signal = new Signal(name);
			SignalHandler previous = Signal.handle(signal, (received) -> {
				logger.info("Received SIG{}", name);
				action.accept(this.arbiter);
			});
			this.previous.put(signal, previous);
			return previous;
		}
		catch (IllegalArgumentException ex) {
			logger.warn("SIG{} cannot be handled on this platform: {}", name, ex.getMessage());
			return null;
		}
	}

	@Override
	public void destroy() {
		this.previous.forEach(Signal::handle);
	}

}
