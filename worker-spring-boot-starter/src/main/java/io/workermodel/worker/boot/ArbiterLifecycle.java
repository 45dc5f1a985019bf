package io.workermodel.worker.boot;

import io.workermodel.worker.Arbiter;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Retires the workers when the application stops, in step with Spring Boot's graceful shutdown:
 * in the same phase, so that while the server stops taking requests the workers finish theirs
 * within {@code worker.graceful-timeout}, and what still runs then is interrupted and logged.
 */
public class ArbiterLifecycle implements SmartLifecycle {

	private final Arbiter arbiter;

	private volatile boolean running;

	public ArbiterLifecycle(Arbiter arbiter) {
		this.arbiter = arbiter;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.arbiter.close();
		this.running = false;
	}

	@Override
	public void stop(Runnable callback) {
		new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "worker-shutdown").start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
	}

}
