package io.workermodel.worker.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.workermodel.worker.ConcurrencyLimit;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build writes the metadata IDEs need to complete and document {@code worker.*}: every
 * setting the core defines, with the default the core applies.
 */
class ConfigurationMetadataTest {

	private static final WorkerSettings DEFAULTS = WorkerSettings.builder(WorkerClass.defaultFor(false, false)).build();

	@Test
	void describesEverySettingOfTheCoreAndTheStartersOwn() throws IOException {
		Set<String> expected = new TreeSet<>();
		DEFAULTS.values().keySet().forEach((setting) -> expected.add(property(setting)));
		// Bound under other names: the class as worker.class, the bounds one level down.
		expected.removeAll(List.of("worker.worker-class", "worker.autoscale"));
		expected.addAll(List.of("worker.class", "worker.autoscale.min", "worker.autoscale.max", "worker.enabled",
				"worker.queue-time-header", "worker.priority-paths", "worker.request-hooks", "worker.signals.enabled"));

		Map<String, JsonNode> properties = workerProperties();

		assertThat(properties).containsOnlyKeys(expected);
		assertThat(properties.values()).allSatisfy((property) -> assertThat(property.get("description").asString()).isNotBlank());
		assertThat(properties.get("worker.class").get("type").asString()).isEqualTo(WorkerClass.class.getName());
	}

	@Test
	void theDefaultsIdesShowAreTheOnesTheCoreApplies() throws IOException {
		Map<String, JsonNode> properties = workerProperties();
		DEFAULTS.values().forEach((setting, value) -> {
			if (value instanceof WorkerClass || value instanceof WorkerSettings.Autoscale || setting.equals("workers")) {
				return;
			}
			JsonNode shown = properties.get(property(setting)).get("defaultValue");
			assertThat(shown).as("the default of %s", property(setting)).isNotNull();
			assertThat(parsed(shown.asString(), value)).as("the default of %s", property(setting)).isEqualTo(value);
		});
		// 4, or Reactor Netty's loop count for reactive: the description says which, since no single default holds.
		assertThat(properties.get("worker.workers").get("defaultValue")).isNull();
		assertThat(properties.get("worker.workers").get("description").asString())
			.contains("Default " + DEFAULTS.workers())
			.contains("for reactive as many as Reactor Netty's");
		assertThat(properties.get("worker.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("worker.request-hooks").get("defaultValue").asBoolean()).isFalse();
		assertThat(properties.get("worker.signals.enabled").get("defaultValue").asBoolean()).isFalse();
	}

	/** The property that binds a setting the core names in Java. */
	private static String property(String setting) {
		return "worker." + DataObjectPropertyName.toDashedForm(setting);
	}

	/** A default as the metadata writes it, read as the core's value of the same type. */
	private static Object parsed(String written, Object like) {
		if (like instanceof Duration) {
			return DurationStyle.detectAndParse(written, ChronoUnit.SECONDS);
		}
		if (like instanceof ConcurrencyLimit) {
			return ConcurrencyLimit.of(written);
		}
		if (like instanceof Long) {
			return Long.valueOf(written);
		}
		return Integer.valueOf(written);
	}

	@Test
	void everyDurationSaysHowABareNumberReads() throws IOException {
		assertThat(properties("worker.").values()).filteredOn((property) -> property.get("type")
			.asString()
			.equals("java.time.Duration"))
			.hasSize((int) WorkerSettings.builder(WorkerClass.GTHREAD)
				.build()
				.values()
				.values()
				.stream()
				.filter(Duration.class::isInstance)
				.count())
			.allSatisfy((property) -> assertThat(property.get("description").asString())
				.contains("A number without a unit is seconds"));
	}

	@Test
	void describesTheHealthIndicatorsSwitch() throws IOException {
		JsonNode health = properties("management.health.workers.").get("management.health.workers.enabled");
		assertThat(health).isNotNull();
		assertThat(health.get("defaultValue").asBoolean()).isTrue();
		assertThat(health.get("description").asString()).startsWith("Whether");
	}

	private static Map<String, JsonNode> workerProperties() throws IOException {
		return properties("worker.");
	}

	private static Map<String, JsonNode> properties(String prefix) throws IOException {
		Map<String, JsonNode> found = new HashMap<>();
		for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith(prefix)) {
						found.put(name, property);
					}
				}
			}
		}
		return found;
	}

}
