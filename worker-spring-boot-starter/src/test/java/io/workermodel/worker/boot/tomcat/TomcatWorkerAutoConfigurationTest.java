package io.workermodel.worker.boot.tomcat;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.WorkerClass;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the starter sits beside Spring Boot's own Tomcat settings. */
@DisabledIfSystemProperty(named = "starter.test.server", matches = "jetty", disabledReason = "Tomcat's own")
class TomcatWorkerAutoConfigurationTest {

	@Test
	void workerClassTakesPrecedenceOverSpringBootsVirtualThreads() {
		try (RunningApp app = RunningApp.start("spring.threads.virtual.enabled=true", "worker.class=sync")) {
			assertThat(app.get("/thread").body()).matches("platform worker-\\d-thread-1");
		}
	}

	@Test
	void anApplicationOnSpringBootsVirtualThreadsKeepsThemByDefault() {
		try (RunningApp app = RunningApp.start("spring.threads.virtual.enabled=true")) {
			assertThat(app.arbiter().settings().workerClass()).isEqualTo(WorkerClass.VIRTUAL);
			app.awaitVirtualThreads();
			assertThat(app.get("/thread").body()).matches("virtual worker-\\d-virtual-\\d+");
		}
	}

	@Test
	void theDefaultIsGthreadWithAsManyThreadsAsTomcatsOwnPool() {
		try (RunningApp app = RunningApp.start()) {
			assertThat(app.arbiter().settings().workerClass()).isEqualTo(WorkerClass.GTHREAD);
			assertThat(app.arbiter().settings().workers() * app.arbiter().settings().capacity()).isEqualTo(200);
			assertThat(app.get("/thread").body()).matches("platform worker-\\d-thread-\\d+");
		}
	}

	@Test
	void disabledLeavesSpringBootAsItWas() {
		try (RunningApp app = RunningApp.start("worker.enabled=false")) {
			assertThat(app.context.getBeanNamesForType(Arbiter.class)).isEmpty();
			assertThat(app.get("/thread").body()).startsWith("platform http-nio-");
			assertThat(app.get("/actuator/workers").statusCode()).isEqualTo(404);
			assertThat(protocolProperty(app, "acceptCount")).isEqualTo(100);
			assertThat(protocolProperty(app, "processorCache")).isEqualTo(200);
		}
	}

	@Test
	void raisesTomcatsListenBacklogToTheWorkerBacklogUnlessItIsSet() {
		try (RunningApp app = RunningApp.start("worker.backlog=1500")) {
			assertThat(protocolProperty(app, "acceptCount")).isEqualTo(1500);
		}
		try (RunningApp app = RunningApp.start("worker.backlog=1500", "server.tomcat.accept-count=50")) {
			assertThat(protocolProperty(app, "acceptCount")).isEqualTo(50);
		}
	}

	@Test
	void keepsAProcessorForEveryRequestTheWorkersCanRunUnlessTheCacheIsSet() {
		try (RunningApp app = RunningApp.start("worker.class=virtual", "worker.workers=2", "worker.connections=300")) {
			assertThat(protocolProperty(app, "processorCache")).isEqualTo(600);
		}
		try (RunningApp app = RunningApp.start("worker.class=virtual", "server.tomcat.processor-cache=50")) {
			assertThat(protocolProperty(app, "processorCache")).isEqualTo(50);
		}
	}

	@Test
	void countsServerErrorsOnTheWorkerThatRanThem() {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1")) {
			assertThat(app.get("/boom").statusCode()).isEqualTo(500);
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(30)).until(() -> app.arbiter().snapshot().requests() == 2);
			assertThat(app.arbiter().worker(1)).get().satisfies((worker) -> {
				assertThat(worker.requests()).isEqualTo(2);
				assertThat(worker.errors()).isEqualTo(1);
			});
		}
	}

	@Test
	void anAsynchronousRequestIsCountedWhenItCompletes() {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=1")) {
			var response = app.getAsync("/deferred");
			await().atMost(Duration.ofSeconds(30)).until(() -> app.probe().deferred.get() != null);
			assertThat(app.arbiter().snapshot().active()).isEqualTo(1);
			assertThat(app.arbiter().snapshot().requests()).isZero();

			app.probe().deferred.get().setResult("done");

			HttpResponse<String> answered = response.join();
			assertThat(answered.body()).isEqualTo("done");
			await().atMost(Duration.ofSeconds(30)).until(() -> app.arbiter().snapshot().requests() == 1);
			assertThat(app.arbiter().snapshot().active()).isZero();
		}
	}

	private static int protocolProperty(RunningApp app, String name) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) app.context).getWebServer();
		return (int) server.getTomcat().getConnector().getProperty(name);
	}

}
