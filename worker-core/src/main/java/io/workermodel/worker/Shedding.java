package io.workermodel.worker;

import java.util.concurrent.atomic.LongAdder;

/** Counts the work no worker will run, and hands what needs an answer to the {@link Shedder}. */
final class Shedding {

	private final Shedder shedder;

	private final LongAdder count = new LongAdder();

	Shedding(Shedder shedder) {
		this.shedder = shedder;
	}

	/** Sheds a unit of work that found every worker busy and the backlog full. */
	void shed(Runnable work) {
		this.count.increment();
		this.shedder.shed(work);
	}

	/** Counts a request that a worker refused by itself, and that its integration answers. */
	void refused() {
		this.count.increment();
	}

	long count() {
		return this.count.sum();
	}

}
