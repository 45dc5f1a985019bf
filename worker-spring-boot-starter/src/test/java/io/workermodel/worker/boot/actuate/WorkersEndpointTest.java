package io.workermodel.worker.boot.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.workermodel.worker.boot.RunningApp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /actuator/workers} over real HTTP, as a user or a dashboard reads it. */
class WorkersEndpointTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void listsTheClassTheSettingsTheTotalsAndEveryWorker() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=3", "worker.threads=2")) {
			for (int i = 0; i < 6; i++) {
				assertThat(app.get("/thread").statusCode()).isEqualTo(200);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> app.arbiter().snapshot().requests() == 6);

			JsonNode body = read(app.get("/actuator/workers"));

			assertThat(body.get("workerClass").asString()).isEqualTo("gthread");
			JsonNode settings = body.get("settings");
			assertThat(settings.get("workers").asInt()).isEqualTo(3);
			assertThat(settings.get("threads").asInt()).isEqualTo(2);
			assertThat(settings.get("capacity").asInt()).isEqualTo(2);
			assertThat(settings.get("backlog").asInt()).isEqualTo(2048);
			assertThat(settings.get("timeout").asString()).isEqualTo("PT30S");
			// The endpoint's own request is in flight while it reports.
			assertThat(body.get("totals").get("requests").asLong()).isEqualTo(6);
			assertThat(body.get("totals").get("active").asInt()).isEqualTo(1);
			JsonNode workers = body.get("workers");
			assertThat(workers).hasSize(3);
			for (int i = 0; i < 3; i++) {
				JsonNode worker = workers.get(i);
				assertThat(worker.get("id").asInt()).isEqualTo(i + 1);
				assertThat(worker.get("generation").asInt()).isEqualTo(1);
				assertThat(worker.get("state").asString()).isEqualTo("SERVING");
				assertThat(worker.get("bootedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
				assertThat(worker.has("requests")).isTrue();
				assertThat(worker.has("active")).isTrue();
				assertThat(worker.get("errors").asLong()).isZero();
			}
		}
	}

	@Test
	void showsOneWorkerBySlotAnd404ForNoSuchSlot() {
		try (RunningApp app = RunningApp.start("worker.workers=2")) {
			JsonNode worker = read(app.get("/actuator/workers/2"));
			assertThat(worker.get("id").asInt()).isEqualTo(2);
			assertThat(worker.get("state").asString()).isEqualTo("SERVING");

			assertThat(app.get("/actuator/workers/3").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void offersNoWriteOperation() {
		try (RunningApp app = RunningApp.start("management.endpoint.workers.access=unrestricted")) {
			assertThat(app.post("/actuator/workers", "{\"action\":\"reload\"}").statusCode()).isIn(404, 405);
		}
	}

	private JsonNode read(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
