package io.workermodel.worker.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The build writes the metadata IDEs need to complete and document {@code worker.*}. */
class ConfigurationMetadataTest {

	@Test
	void describesEveryWorkerPropertyWithItsDefault() throws IOException {
		Map<String, JsonNode> properties = workerProperties();

		assertThat(properties).containsOnlyKeys("worker.enabled", "worker.class", "worker.workers", "worker.threads",
				"worker.connections", "worker.backlog", "worker.max-queue-time", "worker.queue-time-header",
				"worker.limit", "worker.priority-paths", "worker.timeout", "worker.graceful-timeout",
				"worker.max-requests", "worker.max-requests-jitter", "worker.max-lifetime", "worker.max-lifetime-jitter",
				"worker.autoscale.min", "worker.autoscale.max", "worker.blocked-threshold", "worker.pinned-threshold",
				"worker.request-hooks",
				"worker.signals.enabled");
		assertThat(properties.values()).allSatisfy((property) -> assertThat(property.get("description").asString()).isNotBlank());
		// 4, or Reactor Netty's loop count for reactive: the description says which, since no single default holds.
		assertThat(properties.get("worker.workers").get("defaultValue")).isNull();
		assertThat(properties.get("worker.workers").get("description").asString()).contains("Default 4")
			.contains("for reactive as many as Reactor Netty's");
		assertThat(properties.get("worker.threads").get("defaultValue").asInt()).isEqualTo(50);
		assertThat(properties.get("worker.connections").get("defaultValue").asInt()).isEqualTo(1000);
		assertThat(properties.get("worker.backlog").get("defaultValue").asInt()).isEqualTo(2048);
		assertThat(properties.get("worker.timeout").get("defaultValue").asString()).isEqualTo("30s");
		assertThat(properties.get("worker.max-queue-time").get("defaultValue").asString()).isEqualTo("1s");
		assertThat(properties.get("worker.limit").get("defaultValue").asString()).isEqualTo("auto");
		assertThat(properties.get("worker.max-lifetime").get("defaultValue").asString()).isEqualTo("0s");
		assertThat(properties.get("worker.blocked-threshold").get("defaultValue").asString()).isEqualTo("200ms");
		assertThat(properties.get("worker.pinned-threshold").get("defaultValue").asString()).isEqualTo("20ms");
		assertThat(properties.get("worker.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("worker.request-hooks").get("defaultValue").asBoolean()).isFalse();
		assertThat(properties.get("worker.signals.enabled").get("defaultValue").asBoolean()).isFalse();
		assertThat(properties.get("worker.class").get("type").asString()).isEqualTo("io.workermodel.worker.WorkerClass");
	}

	@Test
	void everyDurationSaysHowABareNumberReads() throws IOException {
		assertThat(properties("worker.").values()).filteredOn((property) -> property.get("type")
			.asString()
			.equals("java.time.Duration"))
			.hasSize(7)
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
