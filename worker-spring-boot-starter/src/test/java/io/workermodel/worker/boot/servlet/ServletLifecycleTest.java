package io.workermodel.worker.boot.servlet;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.workermodel.testapp.ClosedLoopClients;
import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.Arbiter;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.ExitReason;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker class switched live, workers recycled by lifetime, the number of workers following
 * load, and a long run of every kind of change, on a real servlet container (Tomcat, or Jetty in
 * the build's second pass) under closed-loop clients.
 */
class ServletLifecycleTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String WRITE_ACCESS = "management.endpoint.workers.access=unrestricted";

	/** How often the watches below look: a pace, not a wait for anything. */
	private static final long SAMPLE_NANOS = Duration.ofMillis(1).toNanos();

	@Test
	void switchingTheClassUnderLoadLosesNoRequestAndEverythingFollowsIt() throws Exception {
		// No queue target: four times the capacity waits its turn, and this is about the switch, not
		// about what the backlog refuses on arrival.
		try (RunningApp app = RunningApp.start(WRITE_ACCESS, "worker.class=sync", "worker.workers=4",
				"worker.queue-target=0")) {
			ClosedLoopClients clients = new ClosedLoopClients(app, 16, "/io?ms=20");
			for (String to : List.of("gthread", "virtual", "sync")) {
				clients.awaitServed(50);
				HttpResponse<String> switched = app.post("/actuator/workers",
						"{\"action\":\"switch\",\"to\":\"" + to + "\"}");
				assertThat(switched.statusCode()).isEqualTo(200);
				assertThat(switched.body()).contains("\"workerClass\":\"" + to + "\"");
				if (to.equals("virtual")) {
					// The next request on the switch's own connection may still be read by the
					// retiring worker's thread that answered the switch; the new pool takes the rest.
					await().atMost(PATIENCE).until(() -> app.get("/thread").body().startsWith("virtual worker-"));
				}
			}
			clients.awaitServed(50);

			assertThat(clients.stop()).isEmpty();
			await().atMost(PATIENCE).until(() -> app.arbiter().snapshot().retiring().isEmpty());
			MeterRegistry meters = app.context.getBean(MeterRegistry.class);
			assertThat(meters.find("worker.workers").tag("class", "sync").gauge()).isNotNull();
			assertThat(meters.find("worker.workers").tag("class", "virtual").gauge()).isNull();
			// Each switch replaced the four workers of the class switched from.
			for (String from : List.of("sync", "gthread", "virtual")) {
				assertThat(meters.get("worker.restarts").tags("class", from, "reason", "SWITCH").counter().count())
					.as(from)
					.isEqualTo(4);
			}
			assertThat(app.get("/actuator/workers").body()).contains("\"workerClass\":\"sync\"");
		}
	}

	@Test
	void aSwitchToReactiveOrARestartWithoutItsAddressIsRefused() {
		try (RunningApp app = RunningApp.start(WRITE_ACCESS, "worker.workers=2")) {
			HttpResponse<String> reactive = app.post("/actuator/workers", "{\"action\":\"switch\",\"to\":\"reactive\"}");
			assertThat(reactive.statusCode()).isEqualTo(400);

			HttpResponse<String> restart = app.post("/actuator/workers", "{\"action\":\"restart\",\"worker\":1}");
			assertThat(restart.statusCode()).isEqualTo(400);
			assertThat(app.arbiter().settings().workerClass()).isEqualTo(WorkerClass.GTHREAD);
		}
	}

	@Test
	void workersAreRecycledByLifetimeOneAtATimeWithoutFailingARequest() throws Exception {
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=3", "worker.threads=4",
				"worker.max-lifetime=500ms")) {
			Arbiter arbiter = app.arbiter();
			RetiringWatch watch = new RetiringWatch(arbiter);
			ClosedLoopClients clients = new ClosedLoopClients(app, 8, "/io?ms=10");

			await().atMost(PATIENCE)
				.until(() -> arbiter.snapshot().workers().stream().allMatch((worker) -> worker.generation() >= 3));

			assertThat(clients.stop()).isEmpty();
			watch.stop();
			assertThat(watch.mostAtOnce).hasValueLessThanOrEqualTo(1);
			assertThat(arbiter.snapshot().retired().workers()).containsOnlyKeys(ExitReason.MAX_LIFETIME);
		}
	}

	@Test
	void theWorkersGrowUnderLoadAndShrinkOnceIdle() throws Exception {
		// No deadline and no queue target: the load starts at eight times the one worker's capacity,
		// and this is about the workers' number, not about what waits too long before they grow.
		try (RunningApp app = RunningApp.start("worker.class=gthread", "worker.workers=1", "worker.threads=4",
				"worker.autoscale.min=1", "worker.autoscale.max=3", "worker.max-queue-time=0",
				"worker.queue-target=0")) {
			Arbiter arbiter = app.arbiter();
			ClosedLoopClients clients = new ClosedLoopClients(app, 24, "/io?ms=100");

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().workers().size() == 3);
			assertThat(clients.stop()).isEmpty();

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().workers().size() == 1);
			String body = app.get("/actuator/workers").body();
			assertThat(body).contains("\"ups\":2").contains("\"downs\":2").contains("\"lastDecision\":\"down from 2 to 1");
		}
	}

	/**
	 * Reloads, restarts, scale changes, recycles and class switches in a random order (the seed is
	 * in the failure message), under constant load: no request fails, and the serving workers never
	 * number fewer than one below what was asked for.
	 */
	@Test
	void aLongRunOfChangesInRandomOrderDropsNothing() throws Exception {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		try (RunningApp app = RunningApp.start(WRITE_ACCESS, "worker.class=sync", "worker.workers=3",
				"worker.max-requests=40", "worker.max-requests-jitter=20")) {
			Arbiter arbiter = app.arbiter();
			AtomicInteger asked = new AtomicInteger(3);
			CapacityWatch capacity = new CapacityWatch(arbiter, asked);
			ClosedLoopClients clients = new ClosedLoopClients(app, 16, "/io?ms=5");
			List<String> classes = List.of("sync", "gthread", "virtual");
			for (int change = 0; change < 24; change++) {
				clients.awaitServed(20);
				int workers = 2 + random.nextInt(3);
				String body = switch (random.nextInt(4)) {
					case 0 -> "{\"action\":\"reload\"}";
					case 1 -> "{\"action\":\"scale\",\"workers\":" + workers + "}";
					case 2 -> "{\"action\":\"switch\",\"to\":\"" + classes.get(random.nextInt(3)) + "\",\"workers\":"
							+ workers + ",\"threads\":4,\"connections\":50}";
					default -> null;
				};
				boolean resizes = body != null && !body.contains("reload");
				if (resizes) {
					// While the change runs, either number may be serving.
					asked.set(Math.min(asked.get(), workers));
				}
				HttpResponse<String> answer = (body != null) ? app.post("/actuator/workers", body)
						: app.post("/actuator/workers/" + (1 + random.nextInt(asked.get())), "{\"action\":\"restart\"}");
				assertThat(answer.statusCode()).as("seed %d, %s", seed, body).isEqualTo(200);
				if (resizes) {
					asked.set(workers);
				}
			}
			clients.awaitServed(20);

			assertThat(clients.stop()).as("seed %d", seed).isEmpty();
			capacity.stop();
			assertThat(capacity.shortfalls).as("seed %d", seed).hasValue(0);
			ArbiterSnapshot snapshot = arbiter.snapshot();
			assertThat(snapshot.shed()).isZero();
			assertThat(snapshot.retired().workers()).containsKey(ExitReason.MAX_REQUESTS);
		}
	}

	/** Samples how many workers retire at once, until stopped. */
	private static final class RetiringWatch {

		final AtomicInteger mostAtOnce = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread sampler;

		RetiringWatch(Arbiter arbiter) {
			this.sampler = Thread.ofPlatform().start(() -> {
				while (this.running.get()) {
					this.mostAtOnce.accumulateAndGet(arbiter.snapshot().retiring().size(), Math::max);
					LockSupport.parkNanos(SAMPLE_NANOS);
				}
			});
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.sampler.join();
		}

	}

	/** Samples the serving workers against the number asked for, until stopped. */
	private static final class CapacityWatch {

		final AtomicInteger shortfalls = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread sampler;

		CapacityWatch(Arbiter arbiter, AtomicInteger asked) {
			this.sampler = Thread.ofPlatform().start(() -> {
				while (this.running.get()) {
					int floor = asked.get() - 1;
					long serving = arbiter.snapshot()
						.workers()
						.stream()
						.map(WorkerSnapshot::state)
						.filter((state) -> state == WorkerState.SERVING)
						.count();
					if (serving < floor) {
						this.shortfalls.incrementAndGet();
					}
					LockSupport.parkNanos(SAMPLE_NANOS);
				}
			});
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.sampler.join();
		}

	}

}
