package io.workermodel.worker.boot.actuate;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
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

	private final WorkersEndpoint endpoint;

	public WorkersEndpointWebExtension(WorkersEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@WriteOperation
	public WebEndpointResponse<Object> control(String action, @Nullable Integer workers,
			@Nullable String to, @Nullable Integer threads, @Nullable Integer connections, @Nullable Integer worker) {
		return answer(() -> this.endpoint.control(action, workers, to, threads, connections, worker));
	}

	@WriteOperation
	public WebEndpointResponse<Object> controlWorker(@Selector int id, String action) {
		return answer(() -> this.endpoint.controlWorker(id, action));
	}

	private static WebEndpointResponse<Object> answer(Supplier<Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
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
