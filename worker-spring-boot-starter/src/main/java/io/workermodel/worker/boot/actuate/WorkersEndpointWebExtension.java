package io.workermodel.worker.boot.actuate;

import java.util.function.Supplier;

import io.workermodel.worker.WorkerSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code workers} endpoint's write operations over HTTP, answering a request they cannot carry
 * out with a {@code 400} whose body says why and what to send instead: Spring Boot's error page
 * leaves the reason out unless {@code server.error.include-message} is set, and a bare 400 leaves
 * an operator guessing.
 */
@EndpointWebExtension(endpoint = WorkersEndpoint.class)
public class WorkersEndpointWebExtension {

	/** Stands for a worker that is not there, answered 404 as the endpoint's own read does. */
	private static final Object NOT_FOUND = new Object();

	private final WorkersEndpoint endpoint;

	public WorkersEndpointWebExtension(WorkersEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/** One worker, or a 400 naming what is wrong with an id that is no whole number. */
	@ReadOperation
	public WebEndpointResponse<Object> worker(@Selector String id) {
		return answer(() -> {
			WorkerSnapshot worker = this.endpoint.worker(id(id));
			return (worker != null) ? worker : NOT_FOUND;
		});
	}

	// Numbers come in as text, so that one that is not a number is answered by name, not by
	// Spring Boot's bare 400.
	@WriteOperation
	public WebEndpointResponse<Object> control(@Nullable String action, @Nullable String workers,
			@Nullable String to, @Nullable String threads, @Nullable String connections, @Nullable String worker) {
		return answer(() -> this.endpoint.control(action, number("workers", workers), to, number("threads", threads),
				number("connections", connections), number("worker", worker)));
	}

	@WriteOperation
	public WebEndpointResponse<Object> controlWorker(@Selector String id, @Nullable String action) {
		return answer(() -> this.endpoint.controlWorker(id(id), action));
	}

	private static @Nullable Integer number(String field, @Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointRequestException("Invalid '" + field + "'",
					"Invalid '%s': '%s' (accepted: a whole number)".formatted(field, value));
		}
	}

	private static int id(String id) {
		try {
			return Integer.parseInt(id.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEndpointRequestException("Invalid worker id",
					"Invalid worker id '%s' (accepted: a worker's slot, a whole number from 1)".formatted(id));
		}
	}

	private static WebEndpointResponse<Object> answer(Supplier<Object> operation) {
		try {
			Object body = operation.get();
			return (body == NOT_FOUND) ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
					: new WebEndpointResponse<>(body);
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new BadRequest(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request",
					ex.getReason()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * Why an operation was refused.
	 *
	 * @param status 400
	 * @param error the status's reason phrase
	 * @param message what was wrong with the request, and what is accepted
	 */
	public record BadRequest(int status, String error, String message) implements OperationResponseBody {
	}

}
