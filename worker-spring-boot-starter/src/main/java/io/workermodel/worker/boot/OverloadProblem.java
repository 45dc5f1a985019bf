package io.workermodel.worker.boot;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The body of a 503 the worker model answers for overload (every worker busy and the backlog full,
 * or the wait past the queue-time deadline), for a client that reads JSON: an RFC 9457 problem
 * detail, as Spring's {@code ProblemDetail} writes it. Other clients get the status and
 * {@code Retry-After} alone, as before.
 */
public final class OverloadProblem {

	/** The media type of the body. */
	public static final String MEDIA_TYPE = "application/problem+json";

	private OverloadProblem() {
	}

	/**
	 * Whether a client that sent this {@code Accept} header names a JSON type (as
	 * {@code application/json} or {@code application/problem+json}); a wildcard alone, as a
	 * browser's or curl's, does not.
	 */
	public static boolean acceptedBy(@Nullable String accept) {
		return accept != null && accept.contains("json");
	}

	/**
	 * The problem detail, as UTF-8 JSON.
	 * @param retryAfter the seconds the Retry-After header says
	 */
	public static byte[] body(String retryAfter) {
		return ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
				+ "\"detail\":\"The server is overloaded: retry after " + retryAfter + " s\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
