package io.workermodel.worker.boot;

import java.util.regex.Pattern;

/** What of a request's path the worker model records. */
public final class RequestPaths {

	private static final Pattern PATH_PARAMETER = Pattern.compile(";[^/]*");

	private RequestPaths() {
	}

	/**
	 * The path without its path parameters (the query string is never passed here): either can
	 * carry credentials or a session id, and the path reaches logs and listeners.
	 */
	public static String withoutParameters(String path) {
		return (path.indexOf(';') < 0) ? path : PATH_PARAMETER.matcher(path).replaceAll("");
	}

}
