package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Reactive workers, on loops that are single threads: connections go to the least connected,
 * retiring waits for the last connection, and a blocked loop is reported once per stall.
 */
class EventLoopWorkerTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@Test
	void eachNewConnectionGoesToTheServingWorkerWithTheFewest() {
		try (Arbiter arbiter = reactive(3, new RecordingListener())) {
			arbiter.start();
			ConnectionBalancer balancer = arbiter.balancer();

			List<EventLoopWorker> assigned = List.of(balancer.open(), balancer.open(), balancer.open());
			assigned.get(0).connectionClosed(false);

			assertThat(assigned).extracting(Worker::id).containsExactlyInAnyOrder(1, 2, 3);
			assertThat(balancer.open()).isSameAs(assigned.get(0));
		}
	}

	@Test
	void aRetiringWorkerTakesNoNewConnectionAndDrainsWhenItsLastOneCloses() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.REACTIVE, 1, 2).backlog(0).build()).listeners(List.of(listener)).loops((id, generation) -> new TestLoop()).build()) {
			arbiter.start();
			EventLoopWorker old = arbiter.balancer().open();

			arbiter.restart(1);

			EventLoopWorker fresh = arbiter.balancer().open();
			assertThat(fresh).isNotSameAs(old);
			assertThat(old.state()).isEqualTo(WorkerState.DRAINING);
			// A request on the retiring worker's open connection is still answered.
			WorkerRequest onOld = old.open("GET", "/");
			assertThat(onOld.admit()).isTrue();
			onOld.close(200);
			assertThat(arbiter.snapshot().retiring()).hasSize(1);

			old.connectionClosed(false);

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().retiring().isEmpty());
			assertThat(listener.events).contains("exited 1.1 RESTART");
			assertThat(((TestLoop) old.loop()).retired).isTrue();
			fresh.connectionClosed(false);
		}
	}

	@Test
	void aWebSocketDoesNotHoldUpItsWorkersRetirementAndItsLoopIsLeftToServeIt() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = reactive(1, listener)) {
			arbiter.start();
			EventLoopWorker old = arbiter.balancer().open();
			old.connectionUpgraded();
			assertThat(old.snapshot().websockets()).isEqualTo(1);

			arbiter.reload();

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().retiring().isEmpty());
			assertThat(listener.events).contains("exited 1.1 RELOAD");
			TestLoop loop = (TestLoop) old.loop();
			assertThat(loop.retired).isTrue();
			assertThat(loop.closed).isFalse();

			// Shutdown closes what is left, the WebSockets of retired loops too.
			arbiter.close();
			assertThat(loop.closed).isTrue();
		}
	}

	@Test
	void requestsBeyondCapacityAreRefusedAndCountedAsShed() {
		try (Arbiter arbiter = reactive(1, new RecordingListener())) {
			arbiter.start();
			EventLoopWorker worker = arbiter.balancer().open();

			WorkerRequest first = worker.open("GET", "/");
			assertThat(first.admit()).isTrue();
			assertThat(worker.open("GET", "/").admit()).isTrue();
			assertThat(worker.open("GET", "/").admit()).isFalse();

			assertThat(arbiter.snapshot().shed()).isEqualTo(1);
			first.close(200);
			assertThat(worker.open("GET", "/").admit()).isTrue();
		}
	}

	@Test
	void aBlockedLoopIsReportedOncePerStall() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = reactive(1, listener)) {
			arbiter.start();
			EventLoopWorker worker = arbiter.balancer().open();
			for (int stall = 1; stall <= 2; stall++) {
				CountDownLatch unblock = new CountDownLatch(1);
				worker.loop().execute(() -> awaitQuietly(unblock));
				int expected = stall;
				await().atMost(PATIENCE).until(() -> worker.snapshot().blocked() == expected);
				// Still stalled, long after the threshold: not reported again.
				await().during(Settings.BLOCKED_THRESHOLD.multipliedBy(3))
					.atMost(PATIENCE)
					.until(() -> worker.snapshot().blocked() == expected);
				unblock.countDown();
			}
			assertThat(listener.events).filteredOn((event) -> event.startsWith("blocked ")).hasSize(2);
			assertThat(arbiter.snapshot().blocked()).isEqualTo(2);
		}
	}

	@Test
	void anArbiterWithoutLoopsCannotSpawnReactiveWorkers() {
		try (Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.REACTIVE, 1, 2).backlog(0).build())) {
			assertThatExceptionOfType(InvalidWorkerSettingException.class).isThrownBy(arbiter::start)
				.withMessageContaining("reactive workers are a reactive server's event loops");
		}
	}

	/** Connections a test leaves open are cut after a second's grace when the arbiter closes. */
	private static Arbiter reactive(int workers, RecordingListener listener) {
		return Arbiter.builder(Settings.of(WorkerClass.REACTIVE, workers, 2).backlog(0).gracefulTimeout(Duration.ofSeconds(1)).build()).listeners(List.of(listener)).loops((id, generation) -> new TestLoop()).build();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A loop that is one thread running tasks in turn, as an event loop does. */
	private static final class TestLoop implements WorkerLoop {

		private final ExecutorService thread = Executors.newSingleThreadExecutor();

		private volatile Thread runner;

		private volatile boolean closed;

		private volatile boolean retired;

		TestLoop() {
			this.thread.execute(() -> this.runner = Thread.currentThread());
		}

		@Override
		public void execute(Runnable task) {
			this.thread.execute(task);
		}

		@Override
		public Thread thread() {
			return this.runner;
		}

		@Override
		public void drain() {
		}

		@Override
		public CompletionStage<Void> retire() {
			this.retired = true;
			// Ends only when closed, as a loop still serving a WebSocket does.
			return new CompletableFuture<>();
		}

		@Override
		public void close() {
			this.closed = true;
			this.thread.shutdownNow();
			try {
				this.thread.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
