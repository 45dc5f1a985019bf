package io.workermodel.worker.boot;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import io.workermodel.worker.Durations;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * Warns at start-up of {@code worker.*} settings changed from their defaults that do nothing for
 * the class in use, as {@code worker.threads} for {@code virtual}: a user who changed one expects
 * it to act. A value left at its default, as a copied configuration lists it, is no news. Which
 * setting acts on which class is the settings' own to say.
 */
final class InapplicableSettings {

	private static final Logger logger = LoggerFactory.getLogger(InapplicableSettings.class);

	private InapplicableSettings() {
	}

	static void warn(WorkerSettings settings) {
		WorkerClass workerClass = settings.workerClass();
		Map<String, Object> defaults = WorkerSettings.builder(workerClass).build().values();
		settings.values().forEach((setting, value) -> {
			if (!WorkerSettings.appliesTo(setting, workerClass) && !value.equals(defaults.get(setting))) {
				logger.warn("worker.{}={} does nothing with worker.class={}: it acts on {} workers only",
						DataObjectPropertyName.toDashedForm(setting),
						(value instanceof Duration duration) ? Durations.text(duration) : value, workerClass,
						classesItActsOn(setting));
			}
		});
	}

	private static String classesItActsOn(String setting) {
		return Arrays.stream(WorkerClass.values())
			.filter((workerClass) -> WorkerSettings.appliesTo(setting, workerClass))
			.map(WorkerClass::id)
			.collect(Collectors.joining(", "));
	}

}
