package io.workermodel.worker;

import java.util.Map;

import io.workermodel.worker.ArbiterSnapshot.Autoscaling;
import io.workermodel.worker.jvm.CarrierWatch;
import io.workermodel.worker.jvm.RequestThreads;

/**
 * What the watchers beside the arbiter have found, read where each is counted: stuck requests,
 * starved carriers, pinned virtual threads, platform threads standing in for virtual ones, and
 * what the autoscaler did. A meter reads one of them without taking a snapshot of every worker.
 */
public final class Findings {

	private final Watchdog watchdog;

	private final CarrierWatch carriers;

	private final RequestThreads requestThreads;

	private final PinnedThreads pinned;

	private final Autoscaler autoscaler;

	Findings(Watchdog watchdog, CarrierWatch carriers, RequestThreads requestThreads, PinnedThreads pinned,
			Autoscaler autoscaler) {
		this.watchdog = watchdog;
		this.carriers = carriers;
		this.requestThreads = requestThreads;
		this.pinned = pinned;
		this.autoscaler = autoscaler;
	}

	/** Aborted requests whose threads ignore their interruption and still run. */
	public int stuck() {
		return this.watchdog.stuck();
	}

	/** Whether every carrier of the virtual threads is held now. */
	public boolean starved() {
		return this.carriers.starved();
	}

	/** Times every carrier of the virtual threads was found held. */
	public long starvations() {
		return this.carriers.starvations();
	}

	/** Whether work that would run on a virtual thread starts on a platform thread now. */
	public boolean platformThreads() {
		return !this.requestThreads.virtualNow();
	}

	/** Times a virtual worker's thread held its carrier, pinned, past the threshold. */
	public long pinned() {
		return this.pinned.total();
	}

	/**
	 * The requests whose virtual threads were pinned most often past the threshold, as worker and
	 * request, with how often; empty unless the workers are {@code virtual}.
	 */
	public Map<String, Long> mostPinned() {
		return this.pinned.byRequest();
	}

	/** What the autoscaler has done, or {@code null} when it is off. */
	public Autoscaling autoscaling() {
		return this.autoscaler.state();
	}

}
