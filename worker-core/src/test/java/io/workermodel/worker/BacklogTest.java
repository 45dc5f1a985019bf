package io.workermodel.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the backlog lets work wait: a burst up to the deadline, a standing queue no longer than
 * the target. Driven by the clock it is given, so that what it decides does not hang on a busy
 * machine's timing.
 */
class BacklogTest {

	private static final long MS = 1_000_000;

	private static final int CAPACITY = 5;

	private final Backlog backlog = new Backlog(100,
			new QueueDeadline(Duration.ofSeconds(1), Duration.ofMillis(100)));

	@Test
	void aBurstWaitsUpToTheDeadlineWhileNothingTakenFromItWaitedPastTheTarget() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isTrue();
		}

		// Every worker is still held by work that started before the burst: nothing was taken.
		assertThat(this.backlog.standing()).isFalse();
		assertThat(this.backlog.pollLate(900 * MS)).isNull();
		assertThat(this.backlog.offer(work(900 * MS), CAPACITY, 900 * MS)).isTrue();
		assertThat(this.backlog.pollLate(1001 * MS)).isNotNull();
	}

	@Test
	void aQueueThatHasNotEmptiedAndWhoseWorkWaitedPastTheTargetStandsAndRefusesArrivalsBehindOldWork() {
		this.backlog.offer(work(0), CAPACITY, 0);
		this.backlog.offer(work(100 * MS), CAPACITY, 100 * MS);
		this.backlog.offer(work(140 * MS), CAPACITY, 140 * MS);

		assertThat(this.backlog.poll(150 * MS)).isNotNull();
		assertThat(this.backlog.standing()).isTrue();
		// The oldest waiting has waited 90 ms of the 100: an arrival behind it is still held.
		assertThat(this.backlog.offer(work(190 * MS), CAPACITY, 190 * MS)).isTrue();
		// Now it has waited past the target: an arrival behind it would too, and is refused at once.
		assertThat(this.backlog.offer(work(201 * MS), CAPACITY, 201 * MS)).isFalse();
		// What is held runs, within the deadline, however long it waited.
		assertThat(this.backlog.pollLate(900 * MS)).isNull();
		assertThat(this.backlog.pollLate(1101 * MS)).isNotNull();
	}

	@Test
	void aQueueStopsStandingOnlyOnceAWorkerFindsNothingWaiting() {
		this.backlog.offer(work(0), CAPACITY, 0);
		this.backlog.offer(work(0), CAPACITY, 0);
		this.backlog.poll(150 * MS);
		assertThat(this.backlog.standing()).isTrue();

		// Emptied, but every worker still busy: the overload comes back with the next arrivals.
		this.backlog.poll(160 * MS);
		assertThat(this.backlog.standing()).isTrue();
		this.backlog.idle();
		assertThat(this.backlog.standing()).isFalse();
		this.backlog.offer(work(170 * MS), CAPACITY, 170 * MS);
		assertThat(this.backlog.pollLate(400 * MS)).isNull();
	}

	@Test
	void anArrivalThatTheWorkAheadOfItWouldHoldPastTheTargetIsRefusedAtOnceEvenInABurst() {
		this.backlog.served(20 * MS);

		// Five at once, 20 ms each: the 25th in line would wait 100 ms, the 26th 104, past the target.
		for (int i = 0; i < 25; i++) {
			assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isTrue();
		}
		assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isFalse();
		assertThat(this.backlog.standing()).isFalse();
		assertThat(this.backlog.drainNanos(CAPACITY)).isEqualTo(100 * MS);
	}

	@Test
	void whatAnArrivalWaitedBeforeItReachedTheBacklogCountsAgainstTheTarget() {
		this.backlog.served(20 * MS);
		this.backlog.offer(work(0), 1, 0);

		// Read by the server's intake for 50 ms, then 40 in line: within the 100.
		assertThat(this.backlog.offer(work(50 * MS), 1, 100 * MS)).isTrue();
		// 70 ms, then 60 in line: past it.
		assertThat(this.backlog.offer(work(30 * MS), 1, 100 * MS)).isFalse();
	}

	@Test
	void aQueueOfOneRoundOfTheWorkersIsHeldWhateverTheEstimate() {
		this.backlog.served(500 * MS);

		// Five at once, half a second each: the fifth in line waits past the target, within one round.
		for (int i = 0; i < CAPACITY; i++) {
			assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isTrue();
		}
		assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isFalse();
	}

	@Test
	void withNoEstimateYetABurstWaitsAsTheBacklogHoldsIt() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isTrue();
		}
		assertThat(this.backlog.offer(work(0), CAPACITY, 0)).isFalse();
	}

	@Test
	void theTargetIsNeverShorterThanARequestsUsualTimeOnAWorker() {
		this.backlog.served(300 * MS);
		this.backlog.offer(work(0), CAPACITY, 0);
		this.backlog.offer(work(0), CAPACITY, 0);

		this.backlog.poll(250 * MS);
		assertThat(this.backlog.standing()).isFalse();
		assertThat(this.backlog.pollLate(280 * MS)).isNull();
		assertThat(this.backlog.poll(301 * MS)).isNotNull();
	}

	@Test
	void withNoTargetOnlyTheDeadlineAndTheBoundLimitTheWait() {
		Backlog deadlineOnly = new Backlog(2, new QueueDeadline(Duration.ofSeconds(1), Duration.ZERO));
		deadlineOnly.offer(work(0), CAPACITY, 0);
		deadlineOnly.offer(work(0), CAPACITY, 0);
		deadlineOnly.poll(900 * MS);

		assertThat(deadlineOnly.standing()).isFalse();
		assertThat(deadlineOnly.pollLate(950 * MS)).isNull();
		assertThat(deadlineOnly.offer(work(950 * MS), CAPACITY, 950 * MS)).isTrue();
		assertThat(deadlineOnly.offer(work(950 * MS), CAPACITY, 950 * MS)).isFalse();
		assertThat(deadlineOnly.pollLate(1001 * MS)).isNotNull();
	}

	private static WaitingWork work(long sinceNanos) {
		return new WaitingWork(() -> {
		}, () -> {
		}, sinceNanos);
	}

}
