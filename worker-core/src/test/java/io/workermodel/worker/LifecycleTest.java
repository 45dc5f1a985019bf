package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.workermodel.worker.WorkerSettings.Autoscale;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What goes beyond gunicorn's lifecycle: the worker class switched while work runs, workers
 * recycled by lifetime and one at a time, and their number following their busyness.
 */
class LifecycleTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void aSwitchServesTheNewClassBeforeTheOldPoolDrainsAndLosesNoWork() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.GTHREAD, 2, 2).backlog(10_000).build())
			.listeners(List.of(listener))
			.build()) {
			arbiter.start();
			BlockingTasks held = new BlockingTasks();
			arbiter.dispatcher().execute(held.task(0));
			await().atMost(PATIENCE).until(() -> held.running.get() == 1);
			AtomicInteger done = new AtomicInteger();
			int total = 3000;
			Thread load = Thread.ofPlatform().start(() -> {
				for (int i = 0; i < total; i++) {
					arbiter.dispatcher().execute(done::incrementAndGet);
				}
			});

			arbiter.switchTo(WorkerClass.VIRTUAL, 3, 1, 5);
			WarmUp.untilVirtualThreads(arbiter);
			BlockingTasks onVirtual = new BlockingTasks();
			onVirtual.release.countDown();
			arbiter.dispatcher().execute(onVirtual.task(0));
			arbiter.switchTo(WorkerClass.SYNC, 2, 1, 1);
			load.join();

			await().atMost(PATIENCE).until(() -> done.get() == total && onVirtual.completed.get() == 1);
			assertThat(onVirtual.virtual.get(0)).isTrue();
			assertThat(arbiter.settings().workerClass()).isEqualTo(WorkerClass.SYNC);
			assertThat(arbiter.snapshot().workers()).hasSize(2);
			// The old pool's held work runs on, untouched, until it ends.
			assertThat(held.interrupted).hasValue(0);
			held.release.countDown();
			await().atMost(PATIENCE).until(() -> arbiter.snapshot().retiring().isEmpty());
			assertThat(held.completed).hasValue(1);
			assertThat(arbiter.dispatcher().shed()).isZero();
			assertThat(arbiter.snapshot().retired().workers()).containsOnlyKeys(ExitReason.SWITCH);
			assertThat(listener.events).contains("class gthread -> virtual", "class virtual -> sync");
		}
	}

	@Test
	void theClassCannotBeSwitchedToOrFromReactive() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).build())) {
			arbiter.start();

			assertThatExceptionOfType(InvalidWorkerSettingException.class)
				.isThrownBy(() -> arbiter.switchTo(WorkerClass.REACTIVE, 1, 1, 1))
				.satisfies((ex) -> {
					assertThat(ex.getSetting()).isEqualTo("class");
					assertThat(ex.getAccepted()).isEqualTo("one of sync, gthread, virtual");
					assertThat(ex.getReason()).contains("event loops");
				});
			assertThat(arbiter.settings().workerClass()).isEqualTo(WorkerClass.SYNC);
		}
	}

	@Test
	void workersAreRecycledByLifetimeOneAtATime() {
		RetirementWatch watch = new RetirementWatch();
		try (Arbiter arbiter = Arbiter
			.builder(Settings.of(WorkerClass.GTHREAD, 3, 2).maxLifetime(Duration.ofMillis(200), Duration.ZERO).build())
			.listeners(List.of(watch))
			.build()) {
			arbiter.start();

			await().atMost(PATIENCE)
				.until(() -> arbiter.snapshot().workers().stream().allMatch((worker) -> worker.generation() >= 3));

			assertThat(watch.mostAtOnce).hasValue(1);
			assertThat(arbiter.snapshot().retired().workers()).containsOnlyKeys(ExitReason.MAX_LIFETIME);
		}
	}

	@Test
	void workersPastTheirMaxRequestsAreRecycledOneAtATime() {
		RetirementWatch watch = new RetirementWatch();
		int limit = 5;
		try (Arbiter arbiter = Arbiter
			.builder(Settings.of(WorkerClass.GTHREAD, 3, 2).maxRequests(limit, 0).build())
			.listeners(List.of(watch))
			.build()) {
			arbiter.start();
			AtomicInteger done = new AtomicInteger();
			int total = 150;
			for (int i = 0; i < total; i++) {
				arbiter.dispatcher().execute(() -> {
					SupervisionTest.serve(Worker.current().open("GET", "/"), 200);
					done.incrementAndGet();
				});
			}

			await().atMost(PATIENCE).until(() -> done.get() == total && arbiter.snapshot().retiring().isEmpty()
					&& arbiter.snapshot().workers().stream().allMatch((worker) -> worker.requests() < limit));
			ArbiterSnapshot snapshot = arbiter.snapshot();
			assertThat(watch.mostAtOnce).hasValue(1);
			assertThat(snapshot.retired().workers()).containsOnlyKeys(ExitReason.MAX_REQUESTS);
			assertThat(snapshot.retired().requests()).isGreaterThanOrEqualTo(snapshot.retired().count() * limit);
			assertThat(snapshot.requests()).isEqualTo(total);
		}
	}

	@Test
	void theAutoscalerAddsWorkersWhileWorkWaitsAndRemovesThemOnceIdle() {
		try (Arbiter arbiter = new Arbiter(
				Settings.of(WorkerClass.SYNC, 1, 1).backlog(100).autoscale(new Autoscale(1, 3)).build())) {
			arbiter.start();
			BlockingTasks tasks = new BlockingTasks();
			for (int i = 0; i < 10; i++) {
				arbiter.dispatcher().execute(tasks.task(i));
			}

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().workers().size() == 3);
			assertThat(tasks.maxRunning).hasValueLessThanOrEqualTo(3);
			tasks.release.countDown();

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().workers().size() == 1);
			ArbiterSnapshot.Autoscaling autoscale = arbiter.snapshot().autoscale();
			assertThat(autoscale.ups()).isEqualTo(2);
			assertThat(autoscale.downs()).isEqualTo(2);
			assertThat(autoscale.lastDecision()).startsWith("down from 2 to 1 workers");
			assertThat(tasks.completed).hasValue(10);
		}
	}

	@Test
	void anOperatorsScaleIsTheAutoscalersFloor() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).autoscale(new Autoscale(1, 4)).build())) {
			arbiter.start();

			arbiter.scale(3);

			assertThat(arbiter.snapshot().autoscale().floor()).isEqualTo(3);
		}
	}

	@Test
	void theWorkersStartWithinTheAutoscalersBoundsAndTheSettingsSaySo() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 9, 1).autoscale(new Autoscale(1, 4)).build())) {
			arbiter.start();

			assertThat(arbiter.snapshot().workers()).hasSize(4);
			assertThat(arbiter.settings().workers()).isEqualTo(4);
		}
	}

	/** Counts the recycled workers between their replacement and their exit, and the most at once. */
	private static final class RetirementWatch implements WorkerListener {

		final AtomicInteger retiring = new AtomicInteger();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void workerStarted(WorkerSnapshot worker) {
			if (worker.generation() > 1) {
				this.mostAtOnce.accumulateAndGet(this.retiring.incrementAndGet(), Math::max);
			}
		}

		@Override
		public void workerExited(WorkerSnapshot worker, ExitReason reason) {
			if (reason != ExitReason.SHUTDOWN) {
				this.retiring.decrementAndGet();
				this.events.add(reason.name());
			}
		}

	}

}
