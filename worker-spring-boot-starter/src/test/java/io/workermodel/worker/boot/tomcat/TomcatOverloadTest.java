package io.workermodel.worker.boot.tomcat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Past its workers and backlog, the server answers 503 with Retry-After instead of dropping connections. */
class TomcatOverloadTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void answersWhatItCannotHoldWith503AndServesTheRest() {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1", "worker.backlog=2")) {
			List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 10)
				.mapToObj((i) -> app.getAsync("/block"))
				.toList();

			await().atMost(PATIENCE).until(() -> responses.stream().filter(CompletableFuture::isDone).count() == 7);
			assertThat(app.probe().running).hasValue(1);
			assertThat(app.arbiter().snapshot().backlog()).isEqualTo(2);
			app.probe().release.countDown();

			// join() throws on a reset or an empty reply: every request gets an HTTP answer.
			Map<Integer, List<HttpResponse<String>>> byStatus = responses.stream()
				.map(CompletableFuture::join)
				.collect(Collectors.groupingBy(HttpResponse::statusCode));
			assertThat(byStatus).containsOnlyKeys(200, 503);
			assertThat(byStatus.get(200)).hasSize(3);
			assertThat(byStatus.get(503)).hasSize(7).allSatisfy((response) -> {
				assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
				assertThat(response.headers().firstValue("Connection")).hasValue("close");
			});
			assertThat(app.arbiter().snapshot().shed()).isEqualTo(7);
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().requests() == 3);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		}
	}

}
