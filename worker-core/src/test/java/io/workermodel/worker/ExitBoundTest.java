package io.workermodel.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM asked to exit while something keeps it from ending (here a shutdown hook that never
 * returns, as one waiting on a lock a wedged request holds would) is halted once
 * {@code graceful-timeout} and the margin have passed, in a real child JVM.
 */
class ExitBoundTest {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Test
	void aWedgedExitIsHaltedSayingWhatStillRan() throws Exception {
		Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), WedgedExit.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean exited = child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		if (!exited) {
			child.destroyForcibly();
		}

		assertThat(exited).as(output).isTrue();
		assertThat(child.exitValue()).as(output).isEqualTo(1);
		// What still ran is named, so that the operator sees where the exit was stuck.
		assertThat(output).contains("wedged-hook");
	}

	/** Starts an arbiter, then exits through a shutdown hook that never ends. */
	public static final class WedgedExit {

		public static void main(String[] args) {
			Arbiter arbiter = new Arbiter(Settings.of(WorkerClass.SYNC, 1, 1).gracefulTimeout(Duration.ofSeconds(1)).build());
			arbiter.start();
			CountDownLatch never = new CountDownLatch(1);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					never.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "wedged-hook"));
			System.exit(0);
		}

	}

}
