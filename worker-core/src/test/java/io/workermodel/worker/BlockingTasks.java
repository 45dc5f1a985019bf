package io.workermodel.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks that hold their worker until released, recording how many run at once (in all and per
 * worker), which worker ran each and on what kind of thread.
 */
final class BlockingTasks {

	final CountDownLatch release = new CountDownLatch(1);

	final AtomicInteger running = new AtomicInteger();

	final AtomicInteger maxRunning = new AtomicInteger();

	final AtomicInteger completed = new AtomicInteger();

	final AtomicInteger interrupted = new AtomicInteger();

	final Map<Integer, Worker> ranOn = new ConcurrentHashMap<>();

	final Map<Worker, AtomicInteger> runningPerWorker = new ConcurrentHashMap<>();

	final Map<Worker, AtomicInteger> maxPerWorker = new ConcurrentHashMap<>();

	final Map<Integer, Boolean> virtual = new ConcurrentHashMap<>();

	Runnable task(int number) {
		return () -> {
			Worker worker = Worker.current();
			if (this.ranOn.putIfAbsent(number, worker) != null) {
				throw new AssertionError("task " + number + " ran twice");
			}
			this.virtual.put(number, Thread.currentThread().isVirtual());
			int now = this.running.incrementAndGet();
			this.maxRunning.accumulateAndGet(now, Math::max);
			int onWorker = this.runningPerWorker.computeIfAbsent(worker, (w) -> new AtomicInteger()).incrementAndGet();
			this.maxPerWorker.computeIfAbsent(worker, (w) -> new AtomicInteger()).accumulateAndGet(onWorker, Math::max);
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				this.interrupted.incrementAndGet();
			}
			finally {
				this.runningPerWorker.get(worker).decrementAndGet();
				this.running.decrementAndGet();
				this.completed.incrementAndGet();
			}
		};
	}

}
