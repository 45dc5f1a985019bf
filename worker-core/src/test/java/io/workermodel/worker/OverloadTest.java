package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The queue-time deadline, the intake and the concurrency limit, without a container. */
class OverloadTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Duration DEADLINE = Duration.ofMillis(300);

	private Arbiter arbiter;

	private BlockingTasks tasks = new BlockingTasks();

	@AfterEach
	void close() {
		this.tasks.release.countDown();
		if (this.arbiter != null) {
			this.arbiter.close();
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync", "gthread", "virtual" })
	void workThatWaitsPastTheDeadlineIsRefusedWhileEveryWorkerStaysBusy(String name) {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.of(name), 1, 1).maxQueueTime(DEADLINE).build());
		this.arbiter.start();
		this.arbiter.dispatcher().execute(this.tasks.task(0));
		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 1);
		CountDownLatch refused = new CountDownLatch(3);
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 3; i++) {
			this.arbiter.dispatcher().submit(ran::incrementAndGet, refused::countDown, System.nanoTime());
		}

		// No worker frees up: the answer comes at the deadline all the same.
		await().atMost(PATIENCE).until(() -> refused.getCount() == 0);
		assertThat(this.arbiter.dispatcher().backlog()).isZero();
		assertThat(this.arbiter.dispatcher().expired()).isEqualTo(3);
		assertThat(this.arbiter.dispatcher().shed()).isZero();
		this.tasks.release.countDown();
		await().atMost(PATIENCE).until(() -> this.tasks.completed.get() == 1);
		assertThat(ran).hasValue(0);
	}

	@Test
	void aWorkerThatFreesUpRunsWhatIsWithinTheDeadlineAndRefusesWhatIsNot() {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).maxQueueTime(Duration.ofSeconds(30)).build());
		this.arbiter.start();
		this.arbiter.dispatcher().execute(this.tasks.task(0));
		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 1);
		CountDownLatch stale = new CountDownLatch(1);
		CountDownLatch fresh = new CountDownLatch(1);
		// Began to wait a minute ago, as a request a proxy held that long.
		long aMinuteAgo = System.nanoTime() - TimeUnit.MINUTES.toNanos(1);
		this.arbiter.dispatcher().submit(() -> {
			throw new AssertionError("ran past its deadline");
		}, stale::countDown, aMinuteAgo);
		this.arbiter.dispatcher().submit(fresh::countDown, () -> {
			throw new AssertionError("refused within its deadline");
		}, System.nanoTime());

		this.tasks.release.countDown();
		await().atMost(PATIENCE).until(() -> stale.getCount() == 0 && fresh.getCount() == 0);
		assertThat(this.arbiter.dispatcher().expired()).isEqualTo(1);
	}

	@Test
	void rawWorkPastTheDeadlineGoesToTheShedder() {
		List<Runnable> shed = new CopyOnWriteArrayList<>();
		this.arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 1, 1).maxQueueTime(DEADLINE).build())
			.shedder(shed::add)
			.build();
		this.arbiter.start();
		this.arbiter.dispatcher().execute(this.tasks.task(0));
		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 1);
		Runnable late = this.tasks.task(1);
		this.arbiter.dispatcher().execute(late);

		await().atMost(PATIENCE).until(() -> shed.contains(late));
		assertThat(this.arbiter.dispatcher().expired()).isEqualTo(1);
	}

	@Test
	void aFullBacklogRefusesSubmittedWorkAtOnceAndCountsItShed() {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).backlog(1).build());
		this.arbiter.start();
		this.arbiter.dispatcher().execute(this.tasks.task(0));
		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 1);
		AtomicInteger refused = new AtomicInteger();
		this.arbiter.dispatcher().submit(this.tasks.task(1), refused::incrementAndGet, System.nanoTime());
		this.arbiter.dispatcher().submit(this.tasks.task(2), refused::incrementAndGet, System.nanoTime());

		// On the submitting thread, before submit returns.
		assertThat(refused).hasValue(1);
		assertThat(this.arbiter.dispatcher().shed()).isEqualTo(1);
		this.tasks.release.countDown();
		await().atMost(PATIENCE).until(() -> this.tasks.completed.get() == 2);
	}

	@Test
	void workThatFindsEveryWorkerBusyGoesToTheIntakeRatherThanTheBacklog() {
		List<Runnable> intake = new CopyOnWriteArrayList<>();
		this.arbiter = Arbiter.builder(Settings.of(WorkerClass.GTHREAD, 2, 1).build()).intake(intake::add).build();
		this.arbiter.start();
		for (int i = 0; i < 3; i++) {
			this.arbiter.dispatcher().execute(this.tasks.task(i));
		}

		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 2);
		assertThat(intake).hasSize(1);
		assertThat(this.arbiter.dispatcher().backlog()).isZero();
		// What the intake submits back waits for a worker and runs on one.
		this.arbiter.dispatcher().submit(intake.get(0), () -> {
			throw new AssertionError("refused");
		}, System.nanoTime());
		assertThat(this.arbiter.dispatcher().backlog()).isEqualTo(1);
		this.tasks.release.countDown();
		await().atMost(PATIENCE).until(() -> this.tasks.completed.get() == 3);
		assertThat(this.tasks.ranOn).hasSize(3).doesNotContainValue(null);
	}

	@Test
	void anAdaptiveLimitStartsAtTheCapacityAndComesDownOnlyWhenLatencyGrowsWithConcurrency() {
		PoolLimit limit = WorkerClass.VIRTUAL.poolLimit(Settings.of(WorkerClass.VIRTUAL, 2, 100).limit(ConcurrencyLimit.AUTO).build());
		int capacity = 200;
		assertThat(limit.adaptive()).isTrue();
		assertThat(limit.current(capacity)).isEqualTo(capacity);

		for (int i = 0; i < 100; i++) {
			// Fast, and far below the limit: no evidence of a queue.
			limit.sample(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1), 5);
		}
		assertThat(limit.current(capacity)).isEqualTo(capacity);
		assertThat(limit.admits(capacity - 1)).isTrue();

		for (int i = 0; i < 100; i++) {
			// Fifty times slower at thirty times the concurrency: a queue has formed downstream.
			limit.sample(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50), 150);
		}
		int lowered = limit.current(capacity);
		assertThat(lowered).isLessThan(capacity / 2);
		assertThat(limit.admits(lowered)).isFalse();
	}

	@Test
	void anAdaptiveLimitStartsAfreshAtTheCapacityOnlyOnceThePoolHasBeenQuiet() {
		PoolLimit limit = WorkerClass.VIRTUAL.poolLimit(Settings.of(WorkerClass.VIRTUAL, 2, 100).limit(ConcurrencyLimit.AUTO).build());
		int capacity = 200;
		for (int i = 0; i < 100; i++) {
			limit.sample(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1), 5);
		}
		for (int i = 0; i < 100; i++) {
			limit.sample(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50), 150);
		}
		int lowered = limit.current(capacity);
		long lastEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);

		// Still running, or not quiet for long enough: what it learned stands.
		limit.forgetIfQuiet(lastEnd + PoolLimit.QUIET_NANOS + 1, 1, capacity);
		limit.forgetIfQuiet(lastEnd + PoolLimit.QUIET_NANOS / 2, 0, capacity);
		assertThat(limit.current(capacity)).isEqualTo(lowered);

		limit.forgetIfQuiet(lastEnd + PoolLimit.QUIET_NANOS + 1, 0, capacity);
		assertThat(limit.current(capacity)).isEqualTo(capacity);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync", "gthread" })
	void theThreadClassesKeepTheirCapacityAsTheirLimit(String name) {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.of(name), 3, 1).limit(ConcurrencyLimit.AUTO).build());
		this.arbiter.start();

		assertThat(this.arbiter.dispatcher().limit()).isEqualTo(this.arbiter.dispatcher().capacity());
	}

}
