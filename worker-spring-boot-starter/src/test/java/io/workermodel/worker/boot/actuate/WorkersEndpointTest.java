package io.workermodel.worker.boot.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;
import io.workermodel.testapp.ClosedLoopClients;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /actuator/workers} over real HTTP, as a user or a dashboard reads it. */
class WorkersEndpointTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

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
			// The endpoint's own request is the never-shed lane's, not the workers' work.
			assertThat(body.get("totals").get("requests").asLong()).isEqualTo(6);
			assertThat(body.get("totals").get("active").asInt()).isZero();
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
			HttpResponse<String> notANumber = app.get("/actuator/workers/abc");
			assertThat(notANumber.statusCode()).isEqualTo(400);
			assertThat(notANumber.body()).contains("abc");
		}
	}

	private static void assertBadRequestNaming(HttpResponse<String> response, String... named) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains(named);
	}

	@Test
	void refusesWriteOperationsUnlessAccessIsGranted() {
		try (RunningApp app = RunningApp.start()) {
			assertThat(app.post("/actuator/workers", "{\"action\":\"reload\"}").statusCode()).isIn(404, 405);
			assertThat(app.post("/actuator/workers/1", "{\"action\":\"restart\"}").statusCode()).isIn(404, 405);
			assertThat(app.arbiter().snapshot().workers()).extracting(WorkerSnapshot::generation).containsOnly(1);
		}
	}

	@Test
	void restartsOneWorkerAndAnswersBadRequestsWith400() {
		try (RunningApp app = RunningApp.start("management.endpoint.workers.access=unrestricted", "worker.workers=2")) {
			JsonNode restarted = read(app.post("/actuator/workers/1", "{\"action\":\"restart\"}"));
			assertThat(restarted.get("id").asInt()).isEqualTo(1);
			assertThat(restarted.get("generation").asInt()).isEqualTo(2);

			assertThat(app.post("/actuator/workers/9", "{\"action\":\"restart\"}").statusCode()).isEqualTo(400);
			assertThat(app.post("/actuator/workers/1", "{\"action\":\"explode\"}").statusCode()).isEqualTo(400);
			assertThat(app.post("/actuator/workers", "{\"action\":\"explode\"}").statusCode()).isEqualTo(400);
			HttpResponse<String> misplaced = app.post("/actuator/workers", "{\"action\":\"restart\",\"worker\":1}");
			assertThat(misplaced.statusCode()).isEqualTo(400);
			assertThat(misplaced.body()).contains("POST /actuator/workers/1");
			assertThat(app.post("/actuator/workers", "{\"action\":\"scale\"}").statusCode()).isEqualTo(400);
			assertThat(app.post("/actuator/workers", "{\"action\":\"scale\",\"workers\":0}").statusCode())
				.isEqualTo(400);
			assertBadRequestNaming(app.post("/actuator/workers", "{}"), "action");
			assertBadRequestNaming(app.post("/actuator/workers/1", "{}"), "action");
			assertBadRequestNaming(app.post("/actuator/workers", "{\"action\":\"scale\",\"workers\":\"six\"}"),
					"workers", "six");
			assertBadRequestNaming(app.post("/actuator/workers", "{\"action\":\"scale\",\"workers\":100000}"),
					"workers", "100000", String.valueOf(WorkerSettings.MAX_WORKERS));
			assertBadRequestNaming(app.post("/actuator/workers", "{\"action\":\"scale\",\"workers\":600}"),
					"workers", "600", "platform threads");
			assertThat(app.arbiter().snapshot().workers()).hasSize(2);
		}
	}

	@Test
	void reloadsRestartsAndScalesUnderLoadWithoutFailingARequest() throws Exception {
		try (RunningApp app = RunningApp.start("management.endpoint.workers.access=unrestricted",
				"worker.class=gthread", "worker.workers=3", "worker.threads=4")) {
			ClosedLoopClients clients = new ClosedLoopClients(app, 16, "/io?ms=20");
			clients.awaitServed(50);

			for (int i = 0; i < 3; i++) {
				assertThat(app.post("/actuator/workers", "{\"action\":\"reload\"}").statusCode()).isEqualTo(200);
				clients.awaitServed(50);
			}
			assertThat(app.post("/actuator/workers/1", "{\"action\":\"restart\"}").statusCode()).isEqualTo(200);
			assertThat(app.post("/actuator/workers", "{\"action\":\"scale\",\"workers\":5}").statusCode())
				.isEqualTo(200);
			clients.awaitServed(50);
			JsonNode scaledDown = read(app.post("/actuator/workers", "{\"action\":\"scale\",\"workers\":2}"));
			clients.awaitServed(50);
			List<String> failures = clients.stop();

			assertThat(failures).isEmpty();
			assertThat(scaledDown.get("workers")).hasSize(2);
			assertThat(scaledDown.get("settings").get("workers").asInt()).isEqualTo(2);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().retiring().isEmpty());
			assertThat(app.arbiter().snapshot().workers()).extracting(WorkerSnapshot::state)
				.containsExactly(WorkerState.SERVING, WorkerState.SERVING);
			assertThat(app.arbiter().snapshot().workers().get(0).generation()).isEqualTo(5);
		}
	}

	private JsonNode read(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
