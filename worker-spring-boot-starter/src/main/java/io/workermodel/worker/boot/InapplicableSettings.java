package io.workermodel.worker.boot;

import java.time.Duration;
import java.util.List;
import java.util.Set;
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

	private static final WorkerSettings DEFAULTS = WorkerSettings.builder(WorkerClass.GTHREAD).build();

	private static final Set<WorkerClass> THREAD_BASED = Set.of(WorkerClass.SYNC, WorkerClass.GTHREAD,
			WorkerClass.VIRTUAL);

	/** A setting, its value and default, the classes it applies to, and what it does there. */
	private record Rule(String property, Function<WorkerProperties, Object> value, Object defaultValue,
			Set<WorkerClass> appliesTo, String meaning) {
	}

	private static final List<Rule> RULES = List.of(
			new Rule("worker.threads", WorkerProperties::threads, DEFAULTS.threads(), Set.of(WorkerClass.GTHREAD),
					"the platform threads of each gthread worker"),
			new Rule("worker.connections", WorkerProperties::connections, DEFAULTS.connections(),
					Set.of(WorkerClass.VIRTUAL, WorkerClass.REACTIVE),
					"the requests at once of each virtual or reactive worker"),
			new Rule("worker.backlog", WorkerProperties::backlog, DEFAULTS.backlog(), THREAD_BASED,
					"what waits for a thread-based worker, and a reactive loop queues nothing"),
			new Rule("worker.limit", WorkerProperties::limit, ConcurrencyLimit.AUTO, THREAD_BASED,
					"what a thread-based pool runs at once, and a reactive loop admits against its connections"),
			new Rule("worker.blocked-threshold", WorkerProperties::blockedThreshold,
					DEFAULTS.blockedThreshold(), Set.of(WorkerClass.REACTIVE),
					"when a reactive worker's event loop is reported as blocked"),
			new Rule("worker.pinned-threshold", WorkerProperties::pinnedThreshold, DEFAULTS.pinnedThreshold(),
					Set.of(WorkerClass.VIRTUAL), "when a virtual worker's thread pinned to its carrier is reported"));

	private InapplicableSettings() {
	}

	static void warn(WorkerProperties properties, WorkerClass workerClass) {
		for (Rule rule : RULES) {
			Object value = rule.value().apply(properties);
			if (!rule.appliesTo().contains(workerClass) && !value.equals(rule.defaultValue())) {
				logger.warn("{}={} does nothing with worker.class={}: it sets {}", rule.property(),
						(value instanceof Duration duration) ? Durations.text(duration) : value, workerClass,
						rule.meaning());
			}
		}
	}

}
