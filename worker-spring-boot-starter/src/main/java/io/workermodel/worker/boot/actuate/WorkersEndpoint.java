package io.workermodel.worker.boot.actuate;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.InvalidWorkerSettingException;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.WorkerSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code workers} endpoint, gunicorn's control socket over HTTP and JMX. Read-only unless the
 * application grants more access ({@code management.endpoint.workers.access=unrestricted}).
 */
@Endpoint(id = "workers", defaultAccess = Access.READ_ONLY)
public class WorkersEndpoint {

	private final Arbiter arbiter;

	public WorkersEndpoint(Arbiter arbiter) {
		this.arbiter = arbiter;
	}

	@ReadOperation
	public WorkersDescriptor workers() {
		return WorkersDescriptor.of(this.arbiter.snapshot(), this.arbiter.findings().mostPinned());
	}

	/** One worker by its slot; {@code null}, answered as 404, when there is no such slot. */
	@ReadOperation
	public @Nullable WorkerSnapshot worker(@Selector int id) {
		return this.arbiter.worker(id).orElse(null);
	}

	/**
	 * Acts on all workers: {@code reload} replaces each in turn, {@code scale} adds or retires
	 * workers to reach {@code workers}, {@code switch} moves to the worker class {@code to}, with
	 * {@code workers}, {@code threads} and {@code connections} where given and the present ones
	 * where not.
	 * @param worker only to say that restarting one worker has its own address
	 * @return the workers after the action
	 */
	@WriteOperation
	public WorkersDescriptor control(@Nullable String action, @Nullable Integer workers, @Nullable String to,
			@Nullable Integer threads, @Nullable Integer connections, @Nullable Integer worker) {
		if (action == null) {
			throw new InvalidEndpointRequestException("Missing 'action'",
					"Missing 'action': what to do, one of reload, scale or switch");
		}
		switch (action) {
			case "reload" -> this.arbiter.reload();
			case "scale" -> scale(workers);
			case "switch" -> switchTo(to, workers, threads, connections);
			case "restart" -> throw new InvalidEndpointRequestException("Restart is per worker",
					"Restart one worker with POST /actuator/workers/%s and {\"action\":\"restart\"}"
						.formatted((worker != null) ? worker : "{id}"));
			default -> throw unknown(action, "reload, scale or switch");
		}
		return workers();
	}

	/**
	 * Acts on one worker: {@code restart} replaces it with a fresh one.
	 * @return the fresh worker
	 */
	@WriteOperation
	public WorkerSnapshot controlWorker(@Selector int id, @Nullable String action) {
		if (action == null) {
			throw new InvalidEndpointRequestException("Missing 'action'", "Missing 'action': restart");
		}
		if (!"restart".equals(action)) {
			throw unknown(action, "restart");
		}
		// A write operation's null answer is a 204, so say plainly that there is no such worker.
		return this.arbiter.restart(id)
			.orElseThrow(() -> new InvalidEndpointRequestException("No worker " + id,
					"No worker " + id + " (workers are 1 to " + this.arbiter.settings().workers() + ")"));
	}

	private void scale(@Nullable Integer workers) {
		if (workers == null) {
			throw new InvalidEndpointRequestException("Scaling needs 'workers'", "Missing 'workers': how many to run");
		}
		try {
			this.arbiter.scale(workers);
		}
		catch (InvalidWorkerSettingException ex) {
			throw invalid(ex);
		}
	}

	private void switchTo(@Nullable String to, @Nullable Integer workers, @Nullable Integer threads,
			@Nullable Integer connections) {
		if (to == null) {
			throw new InvalidEndpointRequestException("Switching needs 'to'",
					"Missing 'to': the worker class to switch to, one of " + WorkerClass.threadBased());
		}
		WorkerSettings now = this.arbiter.settings();
		try {
			this.arbiter.switchTo(WorkerClass.of(to), (workers != null) ? workers : now.workers(),
					(threads != null) ? threads : now.threads(), (connections != null) ? connections : now.connections());
		}
		catch (InvalidWorkerSettingException ex) {
			throw invalid(ex);
		}
	}

	/** A setting the operation asked for that the workers cannot run with: the setting, value and why. */
	private static InvalidEndpointRequestException invalid(InvalidWorkerSettingException ex) {
		String reason = (ex.getReason() != null) ? ", since " + ex.getReason() : "";
		return new InvalidEndpointRequestException(ex.getMessage(), "Invalid '%s': %s%s (accepted: %s)"
			.formatted(ex.getSetting(), ex.getValue(), reason, ex.getAccepted()));
	}

	private static InvalidEndpointRequestException unknown(String action, String accepted) {
		return new InvalidEndpointRequestException("Unknown action '" + action + "'",
				"Unknown action '" + action + "' (accepted: " + accepted + ")");
	}

}
