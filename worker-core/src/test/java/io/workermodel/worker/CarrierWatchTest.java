package io.workermodel.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.workermodel.worker.jvm.VirtualThreads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Carrier starvation, reproduced: as many virtual threads as the scheduler has carriers, each
 * holding its carrier without ever yielding (as code that pins one in a long computation or a
 * class initialisation does), and a {@code virtual} worker that must go on serving beside them.
 */
class CarrierWatchTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void everyCarrierHeldIsFoundReportedAndServedAroundThenCleared() throws InterruptedException {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.VIRTUAL, 1, 10).build())
			.listeners(List.of(listener))
			.build()) {
			arbiter.start();
			// Past the cold start, so that only the starvation can put the work on a platform thread.
			WarmUp.untilVirtualThreads(arbiter);
			AtomicBoolean release = new AtomicBoolean();
			List<Thread> holders = holdEveryCarrier(release);
			try {
				await().atMost(PATIENCE).until(() -> arbiter.snapshot().carriersStarved());
				CountDownLatch served = new CountDownLatch(1);
				AtomicBoolean onVirtual = new AtomicBoolean(true);
				arbiter.dispatcher().execute(() -> {
					onVirtual.set(VirtualThreads.isVirtual(Thread.currentThread()));
					served.countDown();
				});

				// Served although no virtual thread can run: on a platform thread.
				assertThat(served.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
				assertThat(onVirtual).isFalse();
				assertThat(arbiter.snapshot().starvations()).isEqualTo(1);
				assertThat(listener.events).contains("carriersStarved");
			}
			finally {
				release.set(true);
				for (Thread holder : holders) {
					holder.join();
				}
			}
			await().atMost(PATIENCE).until(() -> !arbiter.snapshot().carriersStarved());
		}
	}

	/** Virtual threads that spin until released, one per carrier: none of them ever yields. */
	private static List<Thread> holdEveryCarrier(AtomicBoolean release) {
		int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
				Runtime.getRuntime().availableProcessors());
		List<Thread> holders = new ArrayList<>();
		for (int i = 0; i < carriers; i++) {
			holders.add(Thread.ofVirtual().start(() -> {
				while (!release.get()) {
					Thread.onSpinWait();
				}
			}));
		}
		return holders;
	}

}
