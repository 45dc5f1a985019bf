package io.workermodel.worker;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

import io.workermodel.worker.jvm.RequestThreads;
import io.workermodel.worker.jvm.VirtualThreads;

/**
 * The {@code virtual} worker: each unit of work on a new virtual thread, at most
 * {@code connections} at once. Blocking JDK I/O parks the virtual thread instead of holding a
 * platform thread, which is what gevent's monkey-patching buys a Python worker.
 */
final class VirtualThreadWorker extends HandOffWorker {

	/** Virtual threads, or platform ones while they are not safe: see {@link RequestThreads}. */
	private final ThreadFactory threads;

	/** The threads running work now, so that stop() can interrupt them. */
	private final Set<Thread> running = ConcurrentHashMap.newKeySet();

	VirtualThreadWorker(Spawn spawn, int connections, HandOff handOff, RequestThreads threads) {
		super(spawn, connections, handOff);
		this.threads = threads.factory("worker-" + spawn.id() + "-");
	}

	/**
	 * Starts a virtual thread for the unit, or a platform thread while classes load or the
	 * carriers are starved; either is bounded by the capacity.
	 */
	@Override
	void start(Runnable work) {
		this.threads.newThread(() -> {
			Thread self = Thread.currentThread();
			this.running.add(self);
			bindToCurrentThread();
			try {
				runFrom(work);
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
