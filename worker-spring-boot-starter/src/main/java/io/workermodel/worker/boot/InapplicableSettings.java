package io.workermodel.worker.boot;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.workermodel.worker.ConcurrencyLimit;
import io.workermodel.worker.Durations;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at start-up of {@code worker.*} settings changed from their defaults that do nothing for
 * the class in use, as {@code worker.threads} for {@code virtual}: a user who changed one expects
 * it to act. A value left at its default, as a copied configuration lists it, is no news.
 */
final class InapplicableSettings {

	private static final Logger logger = LoggerFactory.getLogger(InapplicableSettings.class);

	private static final WorkerSettings DEFAULTS = WorkerSettings.builder(WorkerClass.defaultFor(false, false)).build();

	/**
	 * A setting that does something for some classes only, its value and default, and what it does
	 * where it applies; the class says whether it does.
	 */
	private record Rule(String setting, Function<WorkerProperties, Object> value, Object defaultValue,
			String meaning) {
	}

	private static final List<Rule> RULES = List.of(
			new Rule("threads", WorkerProperties::threads, DEFAULTS.threads(),
					"the platform threads of each gthread worker"),
			new Rule("connections", WorkerProperties::connections, DEFAULTS.connections(),
					"the requests at once of each virtual or reactive worker"),
			new Rule("backlog", WorkerProperties::backlog, DEFAULTS.backlog(),
					"what waits for a thread-based worker, and a reactive loop queues nothing"),
			new Rule("limit", WorkerProperties::limit, ConcurrencyLimit.AUTO,
					"what a thread-based pool runs at once, and a reactive loop admits against its connections"),
			new Rule("blocked-threshold", WorkerProperties::blockedThreshold, DEFAULTS.blockedThreshold(),
					"when a reactive worker's event loop is reported as blocked"),
			new Rule("pinned-threshold", WorkerProperties::pinnedThreshold, DEFAULTS.pinnedThreshold(),
					"when a virtual worker's thread pinned to its carrier is reported"));

	private InapplicableSettings() {
	}

	static void warn(WorkerProperties properties, WorkerClass workerClass) {
		for (Rule rule : RULES) {
			Object value = rule.value().apply(properties);
			if (!workerClass.uses(rule.setting()) && !value.equals(rule.defaultValue())) {
				logger.warn("worker.{}={} does nothing with worker.class={}: it sets {}", rule.setting(),
						(value instanceof Duration duration) ? Durations.text(duration) : value, workerClass,
						rule.meaning());
			}
		}
	}

}
