package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The arbiter's lifecycle: spawning, reporting, listeners and retiring its workers. */
class ArbiterTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@Test
	void startsOneServingWorkerPerSlotAndTellsTheListeners() {
		List<String> events = new CopyOnWriteArrayList<>();
		WorkerListener failing = new WorkerListener() {
			@Override
			public void workerStarted(WorkerSnapshot worker) {
				throw new IllegalStateException("a listener's bug");
			}
		};
		WorkerListener recording = new WorkerListener() {
			@Override
			public void workerStarted(WorkerSnapshot worker) {
				events.add("started " + worker.id());
			}

			@Override
			public void workerExited(WorkerSnapshot worker, ExitReason reason) {
				events.add("exited " + worker.id() + " " + reason);
			}
		};
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.GTHREAD, 3, 2).backlog(8).build()).listeners(List.of(failing, recording)).build()) {
			arbiter.start();

			assertThat(arbiter.snapshot().workers()).extracting(WorkerSnapshot::id).containsExactly(1, 2, 3);
			assertThat(arbiter.snapshot().workers()).allSatisfy((worker) -> {
				assertThat(worker.state()).isEqualTo(WorkerState.SERVING);
				assertThat(worker.generation()).isEqualTo(1);
				assertThat(worker.bootedAt()).isNotNull();
				assertThat(worker.lastRequestAt()).isNull();
			});
			assertThat(arbiter.worker(2)).get().extracting(WorkerSnapshot::id).isEqualTo(2);
			assertThat(arbiter.worker(0)).isEmpty();
			assertThat(arbiter.worker(4)).isEmpty();
		}
		assertThat(events).containsExactly("started 1", "started 2", "started 3", "exited 1 SHUTDOWN",
				"exited 2 SHUTDOWN", "exited 3 SHUTDOWN");
	}

	@Test
	void closeLetsWorkInHandFinishWithinTheGracefulTimeout() throws Exception {
		Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 2, 1).backlog(8).gracefulTimeout(Duration.ofSeconds(60)).build());
		arbiter.start();
		BlockingTasks tasks = new BlockingTasks();
		arbiter.dispatcher().execute(tasks.task(1));
		await().atMost(PATIENCE).until(() -> tasks.running.get() == 1);

		Thread closing = Thread.ofPlatform().start(arbiter::close);
		await().atMost(PATIENCE)
			.until(() -> arbiter.snapshot().workers().stream().allMatch((w) -> w.state() == WorkerState.DRAINING));
		assertThat(closing.isAlive()).isTrue();
		tasks.release.countDown();
		closing.join(PATIENCE.toMillis());

		assertThat(closing.isAlive()).isFalse();
		assertThat(tasks.completed).hasValue(1);
		assertThat(tasks.interrupted).hasValue(0);
		assertThat(arbiter.snapshot().workers()).extracting(WorkerSnapshot::state).containsOnly(WorkerState.STOPPED);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(arbiter::reload);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> arbiter.scale(3));
	}

	@Test
	void closeInterruptsWhatStillRunsAfterTheGracefulTimeout() {
		for (WorkerClass workerClass : List.of(WorkerClass.SYNC, WorkerClass.GTHREAD, WorkerClass.VIRTUAL)) {
			Arbiter arbiter = new Arbiter(Settings.of(workerClass, 1, 2).backlog(8).gracefulTimeout(Duration.ZERO).build());
			arbiter.start();
			BlockingTasks tasks = new BlockingTasks();
			arbiter.dispatcher().execute(tasks.task(1));
			await().atMost(PATIENCE).until(() -> tasks.running.get() == 1);

			arbiter.close();

			await().atMost(PATIENCE).until(() -> tasks.completed.get() == 1);
			assertThat(tasks.interrupted).as(workerClass.id()).hasValue(1);
		}
	}

	@Test
	void theReactiveClassIsNotThreadBased() {
		Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.REACTIVE, 1, 1).backlog(8).build());

		assertThatExceptionOfType(InvalidWorkerSettingException.class).isThrownBy(arbiter::start)
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("class");
				assertThat(ex.getValue()).isEqualTo("reactive");
				assertThat(ex.getAccepted()).contains("sync, gthread, virtual");
				assertThat(ex.getReason()).contains("event loops");
			});
	}

}
