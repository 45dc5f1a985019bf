package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The arbiter replaces, adds and removes workers without losing work, and aborts what runs too long. */
class SupervisionTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@Test
	void aRestartServesAFreshGenerationWhileTheOldWorkerFinishesItsWork() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 2, 1).backlog(8).build()).listeners(List.of(listener)).build()) {
			arbiter.start();
			BlockingTasks tasks = new BlockingTasks();
			arbiter.dispatcher().execute(tasks.task(1));
			await().atMost(PATIENCE).until(() -> tasks.running.get() == 1);
			int busySlot = tasks.ranOn.get(1).id();

			WorkerSnapshot fresh = arbiter.restart(busySlot).orElseThrow();

			assertThat(fresh.generation()).isEqualTo(2);
			assertThat(fresh.state()).isEqualTo(WorkerState.SERVING);
			assertThat(arbiter.snapshot().retiring()).singleElement()
				.satisfies((old) -> assertThat(old.state()).isEqualTo(WorkerState.DRAINING));
			// The fresh worker takes work while the old one still runs its own.
			arbiter.dispatcher().execute(tasks.task(2));
			await().atMost(PATIENCE).until(() -> tasks.running.get() == 2);
			assertThat(tasks.ranOn.get(2).generation()).isEqualTo(tasks.ranOn.get(2).id() == busySlot ? 2 : 1);

			tasks.release.countDown();
			await().atMost(PATIENCE).until(() -> arbiter.snapshot().retiring().isEmpty());
			assertThat(tasks.interrupted).hasValue(0);
			assertThat(listener.events).contains("started " + busySlot + ".2", "exited " + busySlot + ".1 RESTART");
			assertThat(arbiter.restart(3)).isEmpty();
		}
	}

	@Test
	void workAfterARestartRunsOnTheFreshWorkerNeverOnTheDrainingOne() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).backlog(8).build())) {
			arbiter.start();
			BlockingTasks tasks = new BlockingTasks();
			tasks.release.countDown();

			// The old worker's idle thread still waits for work until it is stopped: none may reach it.
			arbiter.restart(1).orElseThrow();
			arbiter.dispatcher().execute(tasks.task(1));

			await().atMost(PATIENCE).until(() -> tasks.completed.get() == 1);
			assertThat(tasks.ranOn.get(1).generation()).isEqualTo(2);
			assertThat(arbiter.dispatcher().shed()).isZero();
		}
	}

	@Test
	void aRollingReloadReplacesEveryWorkerAndLosesNoWork() throws Exception {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.GTHREAD, 3, 2).backlog(10_000).build())) {
			arbiter.start();
			AtomicInteger done = new AtomicInteger();
			int total = 3000;
			Thread load = Thread.ofPlatform().start(() -> {
				for (int i = 0; i < total; i++) {
					arbiter.dispatcher().execute(done::incrementAndGet);
				}
			});
			arbiter.reload();
			arbiter.reload();
			load.join();

			await().atMost(PATIENCE).until(() -> done.get() == total);
			assertThat(arbiter.snapshot().workers()).extracting(WorkerSnapshot::generation).containsOnly(3);
			assertThat(arbiter.dispatcher().shed()).isZero();
		}
	}

	@Test
	void scalingAddsSlotsAndDrainsTheRemovedOnes() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 2, 1).backlog(8).build()).listeners(List.of(listener)).build()) {
			arbiter.start();
			arbiter.scale(4);
			assertThat(arbiter.snapshot().workers()).extracting(WorkerSnapshot::id).containsExactly(1, 2, 3, 4);
			assertThat(arbiter.settings().workers()).isEqualTo(4);

			BlockingTasks tasks = new BlockingTasks();
			for (int i = 0; i < 4; i++) {
				arbiter.dispatcher().execute(tasks.task(i));
			}
			await().atMost(PATIENCE).until(() -> tasks.running.get() == 4);
			arbiter.scale(1);

			assertThat(arbiter.snapshot().workers()).extracting(WorkerSnapshot::id).containsExactly(1);
			assertThat(arbiter.snapshot().retiring()).hasSize(3);
			tasks.release.countDown();
			await().atMost(PATIENCE).until(() -> arbiter.snapshot().retiring().isEmpty());
			assertThat(tasks.completed).hasValue(4);
			assertThat(tasks.interrupted).hasValue(0);
			assertThat(listener.events).contains("changed 2 -> 4", "changed 4 -> 1", "exited 4.1 SCALE_DOWN");
			assertThatExceptionOfType(InvalidWorkerSettingException.class).isThrownBy(() -> arbiter.scale(0));
		}
	}

	@Test
	void theWatchdogAbortsARequestPastTheTimeoutAndReplacesItsWorker() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 1, 1).timeout(Duration.ofMillis(200)).build())
			.listeners(List.of(listener))
			.build()) {
			arbiter.start();
			AtomicReference<WorkerRequest> hung = new AtomicReference<>();
			CountDownLatch interrupted = new CountDownLatch(1);
			arbiter.dispatcher().execute(() -> {
				Worker worker = Worker.current();
				WorkerRequest request = worker.open("GET", "/hang");
				request.admit();
				hung.set(request);
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					interrupted.countDown();
				}
				finally {
					request.close(503);
				}
			});

			await().atMost(PATIENCE).until(() -> interrupted.getCount() == 0);
			assertThat(hung.get().isAborted()).isTrue();
			await().atMost(PATIENCE).until(() -> arbiter.worker(1).orElseThrow().generation() == 2);
			await().atMost(PATIENCE).until(() -> arbiter.snapshot().retiring().isEmpty());
			assertThat(arbiter.snapshot().timeouts()).isEqualTo(1);
			assertThat(listener.events).contains("aborted 1.1 GET /hang", "exited 1.1 TIMEOUT", "started 1.2");
		}
	}

	@Test
	void aThreadThatIgnoresItsInterruptionIsReportedAsStuckUntilItEnds() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.GTHREAD, 1, 2).timeout(Duration.ofMillis(200)).build())) {
			arbiter.start();
			CountDownLatch release = new CountDownLatch(1);
			arbiter.dispatcher().execute(() -> {
				Worker worker = Worker.current();
				WorkerRequest request = worker.open("GET", "/stubborn");
				request.admit();
				try {
					awaitIgnoringInterrupts(release);
				}
				finally {
					request.close(200);
				}
			});

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().stuck() == 1);
			assertThat(arbiter.worker(1).orElseThrow().generation()).isEqualTo(2);
			release.countDown();
			await().atMost(PATIENCE).until(() -> arbiter.snapshot().stuck() == 0);
		}
	}

	@Test
	void workThatThrowsPastTheContainerCrashesItsWorkerWhichIsReplaced() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 1, 1).backlog(8).build()).listeners(List.of(listener)).build()) {
			arbiter.start();
			arbiter.dispatcher().execute(() -> {
				throw new IllegalStateException("boom");
			});

			await().atMost(PATIENCE).until(() -> listener.events.contains("exited 1.1 CRASH"));
			assertThat(arbiter.snapshot().retired().workers()).containsOnly(entry(ExitReason.CRASH, 1L));
			assertThat(arbiter.worker(1).orElseThrow().generation()).isEqualTo(2);
			BlockingTasks tasks = new BlockingTasks();
			tasks.release.countDown();
			arbiter.dispatcher().execute(tasks.task(1));
			await().atMost(PATIENCE).until(() -> tasks.completed.get() == 1);
		}
	}

	@Test
	void requestHooksAreOptInAndAFailingListenerHarmsNoRequest() {
		RecordingListener listener = new RecordingListener();
		WorkerListener failing = new WorkerListener() {
			@Override
			public void beforeRequest(WorkerRequest request) {
				throw new IllegalStateException("a listener's bug");
			}
		};
		for (boolean hooks : new boolean[] { false, true }) {
			listener.events.clear();
			try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 1, 1).backlog(8).build()).listeners(List.of(failing, listener)).requestHooks(hooks).build()) {
				arbiter.start();
				AtomicInteger done = new AtomicInteger();
				arbiter.dispatcher().execute(() -> {
					Worker worker = Worker.current();
					serve(worker.open("POST", "/echo"), 500);
					done.incrementAndGet();
				});
				await().atMost(PATIENCE).until(() -> done.get() == 1);
			}
			if (hooks) {
				assertThat(listener.events).contains("before POST /echo", "after POST /echo failed");
			}
			else {
				assertThat(listener.events).noneMatch((event) -> event.contains("/echo"));
			}
		}
	}

	@Test
	void busyShowsTheShareOfCapacityInUseOverTheLastSecond() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.VIRTUAL, 2, 10).backlog(8).build())) {
			arbiter.start();
			BlockingTasks tasks = new BlockingTasks();
			for (int i = 0; i < 10; i++) {
				arbiter.dispatcher().execute(tasks.task(i));
			}
			await().atMost(PATIENCE).until(() -> tasks.running.get() == 10);
			assertThat(arbiter.dispatcher().busy()).isEqualTo(10);
			assertThat(arbiter.dispatcher().capacity()).isEqualTo(20);

			await().atMost(PATIENCE).until(() -> totalBusy(arbiter) > 0.99);
			// Least busy first: each worker holds 5 of its 10, so each shows half its capacity in use.
			await().atMost(PATIENCE)
				.untilAsserted(() -> assertThat(arbiter.snapshot().workers())
					.allSatisfy((w) -> assertThat(w.busy()).isCloseTo(0.5, within(0.01))));
			tasks.release.countDown();
			await().atMost(PATIENCE).until(() -> totalBusy(arbiter) == 0.0);
		}
	}

	/** Admits the request on the calling thread and closes it with that status. */
	static void serve(WorkerRequest request, int status) {
		assertThat(request.admit()).isTrue();
		request.close(status);
	}

	private static double totalBusy(Arbiter arbiter) {
		return arbiter.snapshot().workers().stream().mapToDouble(WorkerSnapshot::busy).sum();
	}

	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
