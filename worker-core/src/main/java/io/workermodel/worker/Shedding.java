package io.workermodel.worker;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the work no worker runs, by why: shed (every worker busy and the backlog full, or a loop
 * at its capacity) or expired (it waited past the queue-time deadline); and hands what needs an
 * answer to the {@link Shedder}.
 */
final class Shedding {

	private final Shedder shedder;

	private final LongAdder shed = new LongAdder();

	private final LongAdder expired = new LongAdder();

	Shedding(Shedder shedder) {
		this.shedder = shedder;
	}

	/** Answers a unit of work, as the container handed it over, that no worker will run. */
	void answer(Runnable work) {
		this.shedder.shed(work);
	}

	/** Counts work shed, or a request a worker refused by itself and its integration answers. */
	void shed() {
		this.shed.increment();
	}

	/** Counts work that waited past the queue-time deadline. */
	void expired() {
		this.expired.increment();
	}

	long shedCount() {
		return this.shed.sum();
	}

	long expiredCount() {
		return this.expired.sum();
	}

}
