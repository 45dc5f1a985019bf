package io.workermodel.worker;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.workermodel.worker.jvm.SupervisorLog;

/**
 * The pool of the thread-based classes: each unit is handed to the serving worker with the fewest
 * units in hand (ties taken in turn), with one unit of its capacity reserved, else it waits in a
 * bounded backlog, or goes to the server's intake to have its request read first. A worker's
 * thread that finishes a unit runs the next from the backlog with the capacity it already holds.
 * Under steady load every worker therefore serves about the same share, and a worker never runs
 * more than its capacity, nor the pool more than its {@linkplain PoolLimit limit}. Work that has
 * waited longer than the {@link Backlog} lets it is refused, not run: its client has likely given
 * up, or will wait less for a refusal than for its turn.
 */
final class HandOffPool<W extends HandOffWorker> extends WorkerPool<W> implements HandOffWorker.HandOff {

	private static final SupervisorLog log = SupervisorLog.of(HandOffPool.class);

	private final Spawner<HandOffWorker.HandOff, W> spawner;

	private final Backlog backlog;

	/** Where the server's intake reads the requests of work that found every worker busy. */
	private final ThreadFactory intakeThreads;

	/** Where the search for the least busy worker starts, so that ties rotate. */
	private final AtomicInteger cursor = new AtomicInteger();

	private volatile boolean closed;

	/** Where work goes once a pool of another class has taken over; null while this one serves. */
	private volatile WorkerPool<?> successor;

	/**
	 * @param backlog units of work held while every worker is busy
	 * @param none an empty array of the pool's workers
	 */
	HandOffPool(String workerClass, Supervision supervision, PoolLimit limit, Recycling recycling, int backlog,
			QueueDeadline deadline, W[] none, Spawner<HandOffWorker.HandOff, W> spawner) {
		super(workerClass, supervision, limit, recycling, none);
		this.spawner = spawner;
		this.intakeThreads = supervision.threads().factory("worker-intake-");
		this.backlog = new Backlog(backlog, deadline);
	}

	@Override
	W newWorker(Worker.Spawn spawn) {
		return this.spawner.spawn(spawn, this);
	}

	@Override
	void dispatch(Runnable work) {
		W worker = reserve();
		if (worker != null) {
			worker.start(work);
			return;
		}
		Executor intake = supervision().intake();
		if (intake != null) {
			// The server reads the request first, on a request thread of its own: what is never
			// shed is served there, the rest comes back through submit().
			this.intakeThreads.newThread(() -> intake.execute(work)).start();
		}
		else {
			hold(new WaitingWork(work, () -> answer(work), System.nanoTime()));
		}
	}

	@Override
	void submit(WaitingWork work) {
		W worker = reserve();
		if (worker != null) {
			worker.start(work);
		}
		else {
			hold(work);
		}
	}

	/** The freed capacity goes to the backlog first. */
	private void finished(Worker worker) {
		worker.release();
		drainBacklog();
	}

	/**
	 * Called on a worker's thread when a unit of work ends: a serving worker takes the next unit
	 * from the backlog, on this thread, with the capacity it already holds, unless the pool's
	 * limit has come down below what runs.
	 * @return the unit, or {@code null} when none waits (its capacity is then given back)
	 */
	@Override
	public Runnable next(HandOffWorker worker) {
		boolean withinLimit = !limit().adaptive() || limit().admits(busy() - 1);
		Runnable next = (worker.state() == WorkerState.SERVING && withinLimit) ? nextWaiting() : null;
		if (next == null) {
			finished(worker);
		}
		return next;
	}

	@Override
	int waiting() {
		return this.backlog.size();
	}

	@Override
	long oldestWaitNanos() {
		return this.backlog.oldestWaitNanos(System.nanoTime());
	}

	@Override
	boolean queueStands() {
		return this.backlog.standing();
	}

	@Override
	long drainNanos() {
		return this.backlog.drainNanos(limit().current(capacity()));
	}

	/** The backlog learns how long requests take, to know how long what it holds will wait. */
	@Override
	void served(long elapsedNanos) {
		this.backlog.served(elapsedNanos);
	}

	@Override
	void workersChanged() {
		drainBacklog();
	}

	@Override
	void expireWaiting() {
		long now = System.nanoTime();
		for (WaitingWork late = this.backlog.pollLate(now); late != null; late = this.backlog.pollLate(now)) {
			expire(late, now);
		}
	}

	@Override
	void handOverTo(WorkerPool<?> next) {
		this.successor = next;
		handOver();
	}

	@Override
	void close() {
		this.closed = true;
		long now = System.nanoTime();
		for (WaitingWork work = this.backlog.poll(now); work != null; work = this.backlog.poll(now)) {
			shedding().shed(work.waitedNanos(now));
			refuseOffCallersThread(work);
		}
	}

	/**
	 * Reserves one unit of capacity on the serving worker with the fewest units in hand; of
	 * equals, the first from a place that moves on each call.
	 * @return the worker, or {@code null} when every serving worker is at capacity or the pool at
	 * its limit
	 */
	private W reserve() {
		W[] all = workers();
		int count = all.length;
		int start = (count > 1) ? Math.floorMod(this.cursor.getAndIncrement(), count) : 0;
		while (true) {
			W chosen = null;
			int least = Integer.MAX_VALUE;
			int busy = 0;
			for (int i = 0; i < count; i++) {
				W candidate = all[(start + i) % count];
				int taken = candidate.busy();
				busy += taken;
				if (taken < least && taken < candidate.capacity() && candidate.state() == WorkerState.SERVING) {
					chosen = candidate;
					least = taken;
				}
			}
			if (chosen == null || !limit().admits(busy)) {
				return null;
			}
			if (chosen.tryReserve(false)) {
				return chosen;
			}
			// Another caller took its last unit, or it began to drain: look again.
		}
	}

	/** The oldest unit in the backlog that has not waited too long; refuses those that have. */
	private WaitingWork nextWaiting() {
		if (this.backlog.isEmpty()) {
			this.backlog.idle();
			return null;
		}
		expireWaiting();
		return this.backlog.poll(System.nanoTime());
	}

	/**
	 * Holds a unit of work until a worker frees up, or refuses it when the backlog is full or the
	 * pool closed; passes it on to the pool that took over, if one has.
	 */
	private void hold(WaitingWork work) {
		WorkerPool<?> next = this.successor;
		if (next != null) {
			next.submit(work);
			return;
		}
		long now = System.nanoTime();
		if (this.closed || !this.backlog.offer(work, limit().current(capacity()), now)) {
			refuse(work, now);
			return;
		}
		if (this.closed) {
			// Held while closing: no worker will come for it.
			close();
		}
		else if (this.successor != null) {
			// Held while a pool of another class took over: it goes there.
			handOver();
		}
		else {
			// A worker may have freed up after reserve() looked at it.
			drainBacklog();
		}
	}

	private void handOver() {
		long now = System.nanoTime();
		for (WaitingWork work = this.backlog.poll(now); work != null; work = this.backlog.poll(now)) {
			this.successor.submit(work);
		}
	}

	/**
	 * Moves backlog to free workers. Both sides call it after their own step (hold, release), so
	 * that work held while a worker was freeing up is never left waiting beside an idle worker.
	 */
	private void drainBacklog() {
		while (!this.backlog.isEmpty()) {
			W worker = reserve();
			if (worker == null) {
				return;
			}
			WaitingWork next = nextWaiting();
			if (next == null) {
				worker.release();
			}
			else {
				worker.start(next);
			}
		}
	}

	/** Refuses work as it is handed over; a refusal that throws reaches the one who handed it. */
	private void refuse(WaitingWork work, long now) {
		shedding().shed(work.waitedNanos(now));
		work.refuse();
	}

	private void expire(WaitingWork work, long now) {
		shedding().expired(work.waitedNanos(now));
		refuseOffCallersThread(work);
	}

	/**
	 * Refuses work on a thread other than the one that handed it over: the arbiter's sweep, a
	 * worker's. A refusal that throws, as {@link Shedder#REJECT} does for its caller, must not stop
	 * that thread.
	 */
	private static void refuseOffCallersThread(WaitingWork work) {
		try {
			work.refuse();
		}
		catch (RuntimeException ex) {
			log.warn("No worker will run {}, and refusing it failed", work, ex);
		}
	}

}
