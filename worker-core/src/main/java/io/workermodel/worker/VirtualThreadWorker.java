package io.workermodel.worker;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The {@code virtual} worker: each unit of work on a new virtual thread, at most
 * {@code connections} at once. Blocking JDK I/O parks the virtual thread instead of holding a
 * platform thread, which is what gevent's monkey-patching buys a Python worker.
 */
final class VirtualThreadWorker extends HandOffWorker {

	private final ThreadFactory threads;

	/** Where new work starts while every carrier is held: platform threads, bounded by the capacity. */
	private final ThreadFactory spill;

	private final CarrierWatch carriers;

	/** The threads running work now, so that stop() can interrupt them. */
	private final Set<Thread> running = ConcurrentHashMap.newKeySet();

	private final HandOffPool<VirtualThreadWorker> pool;

	VirtualThreadWorker(int id, int generation, int connections, HandOffPool<VirtualThreadWorker> pool) {
		super(id, generation, connections, pool);
		this.pool = pool;
		this.threads = VirtualThreads.factory("worker-" + id + "-virtual-");
		this.spill = (task) -> PlatformThreads.daemon("worker-" + id + "-spill", task);
		this.carriers = pool.supervision().carriers();
	}

	/** Starts a virtual thread for the unit, or a platform thread while the carriers are starved. */
	@Override
	void start(Runnable work) {
		(this.carriers.starved() ? this.spill : this.threads).newThread(() -> {
			Thread self = Thread.currentThread();
			this.running.add(self);
			bindToCurrentThread();
			try {
				for (Runnable next = work; next != null; next = this.pool.next(this)) {
					run(next);
				}
			}
			finally {
				this.running.remove(self);
			}
		}).start();
	}

	@Override
	List<Thread> virtualThreads() {
		return this.running.stream().filter(VirtualThreads::isVirtual).toList();
	}

	@Override
	void startThreads() {
		// Threads are made per unit of work.
	}

	@Override
	void interruptThreads(boolean forGood) {
		this.running.forEach(Thread::interrupt);
	}

}
