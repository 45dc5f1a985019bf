package io.workermodel.worker.boot.actuate;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the workers serve: UP while any does, OUT_OF_SERVICE while every worker is busy and the
 * backlog full (new requests are shed), DOWN when none serves. Put it in the readiness group so
 * that a load balancer routes traffic away while the workers are saturated.
 */
public class WorkersHealthIndicator extends AbstractHealthIndicator {

	private final Arbiter arbiter;

	public WorkersHealthIndicator(Arbiter arbiter) {
		super("Workers health check failed");
		this.arbiter = arbiter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ArbiterSnapshot snapshot = this.arbiter.snapshot();
		long serving = snapshot.workers().stream().filter((worker) -> worker.state() == WorkerState.SERVING).count();
		if (serving == 0) {
			builder.down();
		}
		else if (isSaturated(snapshot)) {
			builder.outOfService();
		}
		else {
			builder.up();
		}
		builder.withDetail("class", snapshot.settings().workerClass().id())
			.withDetail("serving", serving)
			.withDetail("busy", snapshot.workers().stream().mapToDouble(WorkerSnapshot::busy).average().orElse(0))
			.withDetail("backlog", snapshot.backlog())
			.withDetail("backlogLimit", snapshot.settings().backlog());
	}

	/** Reactive workers hold no backlog: at capacity they refuse the next request. */
	private boolean isSaturated(ArbiterSnapshot snapshot) {
		boolean backlogFull = snapshot.settings().workerClass() == WorkerClass.REACTIVE
				|| snapshot.backlog() >= snapshot.settings().backlog();
		return this.arbiter.dispatcher().busy() >= this.arbiter.dispatcher().capacity() && backlogFull;
	}

}
