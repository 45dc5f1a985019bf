package io.workermodel.worker.boot.actuate;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.WorkerSnapshot;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code workers} endpoint, gunicorn's control socket over HTTP and JMX. Read-only unless the
 * application grants more access.
 */
@Endpoint(id = "workers", defaultAccess = Access.READ_ONLY)
public class WorkersEndpoint {

	private final Arbiter arbiter;

	public WorkersEndpoint(Arbiter arbiter) {
		this.arbiter = arbiter;
	}

	@ReadOperation
	public WorkersDescriptor workers() {
		return WorkersDescriptor.of(this.arbiter.snapshot());
	}

	/** One worker by its slot; {@code null}, answered as 404, when there is no such slot. */
	@ReadOperation
	public WorkerSnapshot worker(@Selector int id) {
		return this.arbiter.worker(id).orElse(null);
	}

}
