package io.workermodel.worker;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Brings an arbiter past its cold start: work on it until its request threads are virtual ones. */
final class WarmUp {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private WarmUp() {
	}

	/** Dispatches no-op work until class loading has settled under it. */
	static void untilVirtualThreads(Arbiter arbiter) {
		await().atMost(PATIENCE).until(() -> {
			arbiter.dispatcher().execute(() -> {
			});
			return arbiter.requestThreads().virtualNow();
		});
	}

}
