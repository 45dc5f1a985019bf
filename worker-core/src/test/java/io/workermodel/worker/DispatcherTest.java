package io.workermodel.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** What each worker class promises about concurrency, backlog and shedding, without a container. */
class DispatcherTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private Arbiter arbiter;

	private BlockingTasks tasks;

	@AfterEach
	void close() {
		if (this.tasks != null) {
			this.tasks.release.countDown();
		}
		if (this.arbiter != null) {
			this.arbiter.close();
		}
	}

	@ParameterizedTest(name = "{0}: {1} workers x {2}")
	@CsvSource({ "sync, 3, 1", "gthread, 2, 3", "virtual, 2, 25" })
	void neverRunsMoreThanTheClassPromisesAndCountsEachTaskOnExactlyOneWorker(String name, int workers,
			int perWorker) {
		WorkerClass workerClass = WorkerClass.of(name);
		this.arbiter = new Arbiter(Settings.of(workerClass, workers, perWorker).backlog(2048).build());
		this.arbiter.start();
		WarmUp.untilVirtualThreads(this.arbiter);
		this.tasks = new BlockingTasks();
		int capacity = workers * perWorker;
		int submitted = capacity * 3;
		for (int i = 0; i < submitted; i++) {
			this.arbiter.dispatcher().execute(this.tasks.task(i));
		}

		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == capacity);
		assertThat(this.arbiter.dispatcher().backlog()).isEqualTo(submitted - capacity);
		this.tasks.release.countDown();
		await().atMost(PATIENCE).until(() -> this.tasks.completed.get() == submitted);

		assertThat(this.tasks.maxRunning).hasValue(capacity);
		assertThat(this.tasks.maxPerWorker.values()).allSatisfy((max) -> assertThat(max.get()).isLessThanOrEqualTo(perWorker));
		assertThat(this.tasks.ranOn).hasSize(submitted).doesNotContainValue(null);
		Set<Integer> ids = this.tasks.ranOn.values().stream().map(Worker::id).collect(Collectors.toSet());
		assertThat(ids).isEqualTo(IntStream.rangeClosed(1, workers).boxed().collect(Collectors.toSet()));
		assertThat(this.tasks.virtual.values()).containsOnly(workerClass == WorkerClass.VIRTUAL);
		assertThat(this.arbiter.dispatcher().backlog()).isZero();
		assertThat(this.arbiter.dispatcher().shed()).isZero();
	}

	/** Each unit goes to the least busy worker, with a unit of its capacity reserved. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync, 1, 1", "gthread, 4, 2", "virtual, 4, 2" })
	void handsEachUnitToTheLeastBusyWorker(String name, int perWorker, int each) {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.of(name), 3, perWorker).build());
		this.arbiter.start();
		this.tasks = new BlockingTasks();

		for (int i = 0; i < 3 * each; i++) {
			this.arbiter.dispatcher().execute(this.tasks.task(i));
		}

		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 3 * each);
		assertThat(this.tasks.runningPerWorker).hasSize(3);
		assertThat(this.tasks.runningPerWorker.values()).allSatisfy((running) -> assertThat(running).hasValue(each));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync, 1", "gthread, 4", "virtual, 4" })
	void spreadsUnitsOneAtATimeOverEveryWorkerInTurn(String name, int perWorker) {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.of(name), 3, perWorker).build());
		this.arbiter.start();
		this.tasks = new BlockingTasks();
		this.tasks.release.countDown();
		int total = 60;

		for (int i = 0; i < total; i++) {
			this.arbiter.dispatcher().execute(this.tasks.task(i));
			int sent = i + 1;
			await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> this.tasks.completed.get() == sent);
		}

		assertThat(perSlot(this.tasks.ranOn.values())).containsOnlyKeys(1, 2, 3)
			.allSatisfy((slot, ran) -> assertThat(ran).isBetween(12L, 28L));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "sync, 1", "gthread, 3", "virtual, 3" })
	void spreadsABurstOfWorkEvenlyOverTheWorkers(String name, int perWorker) {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.of(name), 3, perWorker).build());
		this.arbiter.start();
		List<Worker> ranOn = new CopyOnWriteArrayList<>();
		AtomicInteger done = new AtomicInteger();
		int total = 300;

		for (int i = 0; i < total; i++) {
			this.arbiter.dispatcher().execute(() -> {
				ranOn.add(Worker.current());
				LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
				done.incrementAndGet();
			});
		}

		await().atMost(PATIENCE).until(() -> done.get() == total);
		assertThat(perSlot(ranOn)).containsOnlyKeys(1, 2, 3).allSatisfy((slot, ran) -> assertThat(ran).isBetween(60L, 140L));
	}

	private static Map<Integer, Long> perSlot(Collection<Worker> workers) {
		return workers.stream().collect(Collectors.groupingBy(Worker::id, Collectors.counting()));
	}

	@Test
	void requestsAreCountedOnTheWorkerThatRanThem() {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.GTHREAD, 3, 4).backlog(2048).build());
		this.arbiter.start();
		int requests = 300;
		AtomicInteger done = new AtomicInteger();
		List<Worker> ranOn = new CopyOnWriteArrayList<>();
		for (int i = 0; i < requests; i++) {
			boolean fail = i % 10 == 0;
			this.arbiter.dispatcher().execute(() -> {
				Worker worker = Worker.current();
				SupervisionTest.serve(worker.open("GET", "/"), fail ? 500 : 200);
				ranOn.add(worker);
				done.incrementAndGet();
			});
		}
		await().atMost(PATIENCE).until(() -> done.get() == requests);

		ArbiterSnapshot snapshot = this.arbiter.snapshot();
		assertThat(snapshot.requests()).isEqualTo(requests);
		assertThat(snapshot.errors()).isEqualTo(requests / 10);
		assertThat(snapshot.active()).isZero();
		Map<Integer, Long> expected = ranOn.stream().collect(Collectors.groupingBy(Worker::id, Collectors.counting()));
		assertThat(snapshot.workers()).allSatisfy((worker) -> {
			long ran = expected.getOrDefault(worker.id(), 0L);
			assertThat(worker.requests()).isEqualTo(ran);
			assertThat(worker.lastRequestAt() != null).as("worker %d, which ran %d, has a last request", worker.id(), ran)
				.isEqualTo(ran > 0);
		});
	}

	@Test
	void holdsAtMostTheBacklogAndShedsTheRestWithoutBlockingTheCaller() {
		List<Runnable> shed = new CopyOnWriteArrayList<>();
		this.arbiter = Arbiter.builder(Settings.of(WorkerClass.SYNC, 1, 1).backlog(2).build()).shedder(shed::add).build();
		this.arbiter.start();
		this.tasks = new BlockingTasks();
		List<Runnable> submitted = IntStream.range(0, 6).mapToObj(this.tasks::task).toList();

		submitted.forEach(this.arbiter.dispatcher()::execute);

		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 1);
		assertThat(this.arbiter.dispatcher().backlog()).isEqualTo(2);
		assertThat(shed).containsExactlyElementsOf(submitted.subList(3, 6));
		assertThat(this.arbiter.snapshot().shed()).isEqualTo(3);
		this.tasks.release.countDown();
		await().atMost(PATIENCE).until(() -> this.tasks.completed.get() == 3);
		assertThat(this.tasks.ranOn).containsOnlyKeys(0, 1, 2);
	}

	@Test
	void aZeroBacklogShedsAsSoonAsEveryWorkerIsBusy() {
		List<Runnable> shed = new CopyOnWriteArrayList<>();
		this.arbiter = Arbiter.builder(Settings.of(WorkerClass.GTHREAD, 1, 2).backlog(0).build()).shedder(shed::add).build();
		this.arbiter.start();
		this.tasks = new BlockingTasks();

		for (int i = 0; i < 3; i++) {
			this.arbiter.dispatcher().execute(this.tasks.task(i));
		}

		assertThat(shed).hasSize(1);
		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 2);
	}

	@Test
	void theDefaultShedderRejects() {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).backlog(0).build());
		this.arbiter.start();
		this.tasks = new BlockingTasks();
		this.arbiter.dispatcher().execute(this.tasks.task(0));
		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 1);

		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.arbiter.dispatcher().execute(this.tasks.task(1)));
	}

	@Test
	void workHandedOverBeforeStartWaitsInTheBacklog() {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.GTHREAD, 2, 2).backlog(16).build());
		this.tasks = new BlockingTasks();
		for (int i = 0; i < 3; i++) {
			this.arbiter.dispatcher().execute(this.tasks.task(i));
		}
		assertThat(this.arbiter.dispatcher().backlog()).isEqualTo(3);

		this.arbiter.start();

		await().atMost(PATIENCE).until(() -> this.tasks.running.get() == 3);
		assertThat(this.arbiter.dispatcher().backlog()).isZero();
	}

	@Test
	void manyCallersAtOnceLoseNoTask() throws Exception {
		this.arbiter = new Arbiter(Settings.of(WorkerClass.VIRTUAL, 3, 7).backlog(100_000).build());
		this.arbiter.start();
		int callers = 4;
		int perCaller = 5_000;
		AtomicInteger done = new AtomicInteger();
		Function<Integer, Thread> caller = (n) -> Thread.ofPlatform().start(() -> {
			for (int i = 0; i < perCaller; i++) {
				this.arbiter.dispatcher().execute(done::incrementAndGet);
			}
		});
		List<Thread> threads = IntStream.range(0, callers).boxed().map(caller).toList();
		for (Thread thread : threads) {
			thread.join();
		}

		await().atMost(PATIENCE).until(() -> done.get() == callers * perCaller);
		assertThat(this.arbiter.dispatcher().backlog()).isZero();
		assertThat(this.arbiter.dispatcher().shed()).isZero();
	}

}
