package io.workermodel.worker.boot.actuate;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.Dispatcher;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the workers serve: UP while any does, OUT_OF_SERVICE while they are saturated (every
 * worker busy up to the limit, and the backlog full or its oldest work half-way to
 * {@code max-queue-time}, so that new requests are likely refused), DOWN when none serves or every
 * carrier of the virtual threads is held. Put it in the readiness group so that a load balancer
 * routes traffic away while the workers are saturated.
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
		if (serving == 0 || snapshot.carriersStarved()) {
			// No worker, or every carrier of the virtual threads held: work stalls.
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
			.withDetail("carriersStarved", snapshot.carriersStarved())
			.withDetail("platformThreads", snapshot.platformThreads())
			.withDetail("limit", snapshot.limit())
			.withDetail("backlog", snapshot.backlog())
			.withDetail("backlogLimit", snapshot.settings().backlog())
			.withDetail("oldestWait", this.arbiter.dispatcher().oldestWait().toString());
	}

	/** Reactive workers hold no backlog: at capacity they refuse the next request. */
	private boolean isSaturated(ArbiterSnapshot snapshot) {
		WorkerSettings settings = snapshot.settings();
		Dispatcher dispatcher = this.arbiter.dispatcher();
		boolean refusing = !settings.workerClass().holdsBacklog() || snapshot.backlog() >= settings.backlog()
				|| settings.queueDeadline().halfPassedBy(dispatcher.oldestWait());
		return dispatcher.busy() >= snapshot.limit() && refusing;
	}

}
