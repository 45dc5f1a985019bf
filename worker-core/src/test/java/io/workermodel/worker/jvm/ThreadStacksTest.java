package io.workermodel.worker.jvm;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Telling a thread that gets classes ready from one that does the application's own work. */
class ThreadStacksTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final CountDownLatch INITIALISING = new CountDownLatch(1);

	private static final CountDownLatch RELEASE = new CountDownLatch(1);

	@Test
	void aThreadInAStaticInitialiserGetsClassesReady() throws InterruptedException {
		Thread thread = new Thread(SlowToInitialise::touch);
		thread.start();
		INITIALISING.await();

		assertThat(ThreadStacks.initialisesClasses(thread.getStackTrace())).isTrue();
		RELEASE.countDown();
		thread.join(PATIENCE.toMillis());
	}

	@Test
	void aThreadWaitingInItsOwnCodeDoesNot() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		Thread thread = new Thread(() -> awaitQuietly(release));
		thread.start();
		await().atMost(PATIENCE).until(() -> thread.getState() == Thread.State.WAITING);

		assertThat(ThreadStacks.initialisesClasses(thread.getStackTrace())).isFalse();
		release.countDown();
		thread.join(PATIENCE.toMillis());
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A class whose initialisation waits until the test lets it finish. */
	private static final class SlowToInitialise {

		static {
			INITIALISING.countDown();
			awaitQuietly(RELEASE);
		}

		static void touch() {
		}

	}

}
