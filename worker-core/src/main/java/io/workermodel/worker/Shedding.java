package io.workermodel.worker;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counts the work no worker runs, by why: shed (every worker busy and the backlog full, or a loop
 * at its capacity, or the queue stands and it would wait past the target) or expired (it waited
 * past what the backlog lets it); tells how long each waited before it was refused; and hands what
 * needs an answer to the {@link Shedder}.
 */
final class Shedding {

	private final Shedder shedder;

	/** Hears how long each unit refused waited, in nanoseconds, from its arrival to its refusal. */
	private final LongConsumer refused;

	private final LongAdder shed = new LongAdder();

	private final LongAdder expired = new LongAdder();

	Shedding(Shedder shedder, LongConsumer refused) {
		this.shedder = shedder;
		this.refused = refused;
	}

	/** Answers a unit of work, as the container handed it over, that no worker will run. */
	void answer(Runnable work) {
		this.shedder.shed(work);
	}

	/**
	 * Counts work shed, or a request a worker refused by itself and its integration answers.
	 * @param waitedNanos how long it waited from its arrival
	 */
	void shed(long waitedNanos) {
		this.shed.increment();
		this.refused.accept(waitedNanos);
	}

	/**
	 * Counts work that waited longer than the backlog lets it.
	 * @param waitedNanos how long it waited from its arrival
	 */
	void expired(long waitedNanos) {
		this.expired.increment();
		this.refused.accept(waitedNanos);
	}

	long shedCount() {
		return this.shed.sum();
	}

	long expiredCount() {
		return this.expired.sum();
	}

}
