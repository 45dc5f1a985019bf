package io.workermodel.worker;

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

	/** The threads running work now, so that stop() can interrupt them. */
	private final Set<Thread> running = ConcurrentHashMap.newKeySet();

	private final HandOffPool<VirtualThreadWorker> pool;

	VirtualThreadWorker(int id, int generation, int connections, HandOffPool<VirtualThreadWorker> pool) {
		super(id, generation, connections, pool);
		this.pool = pool;
		this.threads = VirtualThreads.factory("worker-" + id + "-virtual-");
	}

	/** Starts a virtual thread for the unit. */
	@Override
	void start(Runnable work) {
		this.threads.newThread(() -> {
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
	void startThreads() {
		// Threads are made per unit of work.
	}

	@Override
	void interruptThreads() {
		this.running.forEach(Thread::interrupt);
	}

}
