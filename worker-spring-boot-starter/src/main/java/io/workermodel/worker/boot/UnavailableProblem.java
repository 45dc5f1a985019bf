package io.workermodel.worker.boot;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The body of a 503 the worker model answers in the application's place (overload: every worker
 * busy and the backlog full, the wait expected past the queue target or past the deadline; or the
 * request ran past the timeout), for a client that reads JSON: an RFC 9457 problem detail, as
 * Spring's {@code ProblemDetail} writes it. Other clients get the status (and {@code Retry-After},
 * for overload) alone.
 */
public final class UnavailableProblem {

	/** The media type of the body. */
	public static final String MEDIA_TYPE = "application/problem+json";

	private static final byte[] TIMED_OUT = detail("The request ran past the server's timeout");

	private UnavailableProblem() {
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
	 * The problem detail of a request refused for overload, as UTF-8 JSON.
	 * @param retryAfter the seconds the Retry-After header says
	 */
	public static byte[] overloaded(String retryAfter) {
		return detail("The server is overloaded: retry after " + retryAfter + " s");
	}

	/** The problem detail of a request that ran past the timeout, as UTF-8 JSON. */
	public static byte[] timedOut() {
		return TIMED_OUT.clone();
	}

	private static byte[] detail(String detail) {
		return ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"" + detail
				+ "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
