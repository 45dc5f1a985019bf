package io.workermodel.worker.boot;

import io.workermodel.testapp.TestApplication;
import io.workermodel.testapp.RunningApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.workermodel.worker.WorkerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

/** Listener beans and Unix signals in a running application. */
class WorkerHooksTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void requestHooksAreHeardOnlyWhenSwitchedOn() {
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1")) {
			assertThat(app.get("/thread").statusCode()).isEqualTo(200);
			assertThat(app.probe().events).noneMatch((event) -> event.contains("/thread"));
		}
		try (RunningApp app = RunningApp.start("worker.class=sync", "worker.workers=1", "worker.request-hooks=true")) {
			assertThat(app.get("/boom").statusCode()).isEqualTo(500);
			await().atMost(PATIENCE).until(() -> app.probe().events.contains("after GET /boom failed"));
			assertThat(app.probe().events).contains("before GET /boom on 1");

			app.get("/thread;jsessionid=SECRET?token=SECRET");
			await().atMost(PATIENCE).until(() -> app.probe().events.contains("after GET /thread"));
			assertThat(app.probe().events).noneMatch((event) -> event.contains("SECRET"));
		}
	}

	@Test
	void exitsAreHeardWithTheirReason() {
		RunningApp app = RunningApp.start("worker.workers=2");
		TestApplication.Probe probe = app.probe();
		app.arbiter().restart(2);
		await().atMost(PATIENCE).until(() -> probe.events.contains("exited 2 RESTART"));

		app.close();

		assertThat(probe.events).contains("exited 1 SHUTDOWN", "exited 2 SHUTDOWN");
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void signalsReloadAndScaleTheWorkersWhenSwitchedOn() throws Exception {
		// A JVM started with HUP ignored cannot handle it: the next test covers that case.
		assumeFalse(hangupIgnored(), "this JVM was started with SIGHUP ignored (under nohup?)");
		try (RunningApp app = RunningApp.start("worker.signals.enabled=true", "worker.workers=2")) {
			signal("TTIN");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().workers().size() == 3);
			signal("TTOU");
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().workers().size() == 2);
			signal("HUP");
			await().atMost(PATIENCE)
				.until(() -> app.arbiter().snapshot().workers().stream().allMatch((w) -> w.generation() == 2));
			assertThat(app.arbiter().snapshot().workers()).extracting(WorkerSnapshot::id).containsExactly(1, 2);
		}
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void aHangupIgnoredSinceStartUpIsReportedThen() throws Exception {
		Path log = Files.createTempFile("nohup", ".log");
		String java = ProcessHandle.current().info().command().orElseThrow();
		Process child = new ProcessBuilder("nohup", java, "-cp", System.getProperty("java.class.path"),
				StartAndStop.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			// A cold JVM that starts a whole application: twice the usual patience.
			assertThat(child.waitFor(2 * PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the child has ended").isTrue();
			assertThat(child.exitValue()).as(Files.readString(log)).isZero();
			assertThat(Files.readString(log)).contains("SIGHUP is ignored by this process (started under nohup?)")
				.doesNotContain("SIGTTIN cannot be handled");
		}
		finally {
			child.destroyForcibly();
			Files.delete(log);
		}
	}

	/** Whether this JVM began with HUP ignored, which only Linux's /proc tells. */
	private static boolean hangupIgnored() throws IOException {
		Path status = Path.of("/proc/self/status");
		return Files.exists(status) && Files.readAllLines(status)
			.stream()
			.filter((line) -> line.startsWith("SigIgn:"))
			.anyMatch((line) -> (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 1) != 0);
	}

	private static void signal(String name) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(ProcessHandle.current().pid())).start();
		assertThat(kill.waitFor()).isZero();
	}

	/** Started under nohup by a test: the application with signals on, stopped once it has started. */
	static final class StartAndStop {

		public static void main(String[] args) {
			RunningApp.start("worker.signals.enabled=true").close();
		}

	}

}
