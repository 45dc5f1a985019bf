package io.workermodel.worker;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A virtual worker's request whose thread parks while pinned to its carrier (in a class
 * initialiser, which pins on every Java with virtual threads) is found by the flight recorder,
 * counted against its worker and request, and heard by the listeners.
 */
class PinnedThreadsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Test
	void aPinnedRequestIsCountedOnItsWorkerAndPath() {
		RecordingListener listener = new RecordingListener();
		try (Arbiter arbiter = Arbiter.builder(Settings.of(WorkerClass.VIRTUAL, 1, 10).pinnedThreshold(Duration.ofMillis(20)).build())
			.listeners(List.of(listener))
			.build()) {
			arbiter.start();
			WarmUp.untilVirtualThreads(arbiter);
			arbiter.dispatcher().execute(() -> {
				WorkerRequest request = Worker.current().open("GET", "/pinned");
				request.admit();
				SlowToInitialise.touch();
				request.close(200);
			});

			await().atMost(PATIENCE).until(() -> arbiter.snapshot().pinned() >= 1);
			assertThat(arbiter.findings().mostPinned()).containsKey("worker 1 GET /pinned");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(listener.events).contains("pinned GET /pinned"));
		}
	}

	/** Parks in its initialiser, where a virtual thread cannot unmount: 200 ms pinned. */
	static final class SlowToInitialise {

		static {
			Pins.park();
		}

		static void touch() {
		}

	}

	static final class Pins {

		static void park() {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
