package io.workermodel.worker.boot.jetty;

import java.time.Duration;

import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.boot.WorkerServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Jetty (run in the build's Jetty pass): the integration takes over, requests run on the
 * workers' threads, and Jetty's own pool keeps its acceptors and selectors apart from them, its
 * reading and waiting on virtual threads.
 */
@EnabledIfSystemProperty(named = "starter.test.server", matches = "jetty", disabledReason = "runs in the Jetty pass")
class JettyWorkerAutoConfigurationTest {

	@Test
	void requestsRunOnTheWorkersAndJettysPoolKeepsItsOwnThreads() {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=2")) {
			assertThat(app.context.getBean(WorkerServer.class).description()).contains("Jetty");
			assertThat(app.get("/thread").body()).matches("platform worker-[12]-thread-1");

			Server server = ((JettyWebServer) ((WebServerApplicationContext) app.context).getWebServer()).getServer();
			QueuedThreadPool pool = (QueuedThreadPool) server.getThreadPool();
			assertThat(pool.getVirtualThreadsExecutor()).isNotNull();
			assertThat(((ServerConnector) server.getConnectors()[0]).getAcceptQueueSize()).isEqualTo(2048);
			// Jetty's acceptors and selectors hold threads of its pool, none of the workers': with no
			// request in flight, nothing runs on a worker.
			await().atMost(Duration.ofSeconds(30)).until(() -> app.arbiter().dispatcher().busy() == 0);
		}
	}

}
