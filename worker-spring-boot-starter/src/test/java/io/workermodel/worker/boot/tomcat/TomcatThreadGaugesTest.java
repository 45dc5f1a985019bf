package io.workermodel.worker.boot.tomcat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tomcat's own thread gauges read the workers' numbers instead of -1. Runs in a JVM of its own
 * (see the surefire executions): an application without Tomcat's MBean registry switches it off
 * for the whole JVM.
 */
@DisabledIfSystemProperty(named = "starter.test.server", matches = "jetty", disabledReason = "Tomcat's own")
class TomcatThreadGaugesTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void tomcatsOwnThreadGaugesReadTheWorkers() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=2", "worker.threads=5",
				"server.tomcat.mbeanregistry.enabled=true")) {
			MeterRegistry registry = app.context.getBean(MeterRegistry.class);
			CompletableFuture<HttpResponse<String>> blocked = app.getAsync("/block");
			await().atMost(PATIENCE).until(() -> app.probe().running.get() == 1);

			await().atMost(PATIENCE).until(() -> registry.find("tomcat.threads.busy").gauge() != null);
			// Tomcat reports maxThreads only for its own executor: config.max stays -1 with any other.
			assertThat(registry.get("tomcat.threads.current").gauge().value()).isEqualTo(10);
			assertThat(registry.get("tomcat.threads.busy").gauge().value()).isEqualTo(1);
			app.probe().release.countDown();
			assertThat(blocked.join().statusCode()).isEqualTo(200);
		}
	}

}
