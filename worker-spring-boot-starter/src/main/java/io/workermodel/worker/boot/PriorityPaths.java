package io.workermodel.worker.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.core.env.Environment;

/**
 * The requests of the never-shed lane: the management endpoints, when they are served on the
 * application's port, and the path prefixes named in {@code worker.priority-paths}. Such a request
 * is never answered by the shedder, never waits behind application work and never counts against
 * the workers' capacity, so that health probes and the operator's view answer under any overload.
 */
public final class PriorityPaths {

	private final List<String> prefixes;

	PriorityPaths(List<String> prefixes) {
		this.prefixes = prefixes.stream().map(PriorityPaths::normalized).filter((prefix) -> !prefix.isEmpty()).toList();
	}

	/**
	 * The management endpoints' base path, under the dispatcher servlet's path, unless they have a
	 * port of their own, and the configured prefixes.
	 * @param configured the prefixes named in {@code worker.priority-paths}
	 */
	public static PriorityPaths of(Environment environment, List<String> configured) {
		List<String> prefixes = new ArrayList<>(configured);
		if (managementOnServerPort(environment)) {
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			// Endpoints at the root would make every request a priority one: they are left out.
			if (!normalized(basePath).isEmpty()) {
				prefixes.add(normalized(environment.getProperty("spring.mvc.servlet.path", "")) + normalized(basePath));
			}
		}
		return new PriorityPaths(prefixes);
	}

	/**
	 * Whether the request is one of the lane's.
	 * @param path the request's path within the application, without its context path
	 */
	public boolean matches(String path) {
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.prefixes.toString();
	}

	private static boolean managementOnServerPort(Environment environment) {
		String managementPort = environment.getProperty("management.server.port");
		return managementPort == null
				|| Objects.equals(managementPort, environment.getProperty("server.port", "8080"));
	}

	/** With a leading slash and without a trailing one; empty for the root. */
	private static String normalized(String path) {
		String trimmed = path.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

}
