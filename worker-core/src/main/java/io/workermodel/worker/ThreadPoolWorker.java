package io.workermodel.worker;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The {@code gthread} worker: a fixed pool of platform threads, each running one unit of work at a
 * time. Its threads exist for the worker's whole life, as a gunicorn worker's do, and take their
 * work from the {@linkplain SharedWorkQueue queue} that every thread-pool worker's threads share.
 */
class ThreadPoolWorker extends Worker {

	private final List<Thread> threads;

	ThreadPoolWorker(int id, int generation, int threads, Arbiter arbiter) {
		super(id, generation, threads, arbiter);
		this.threads = IntStream.rangeClosed(1, threads)
			.mapToObj((n) -> Thread.ofPlatform().daemon().name("worker-" + id + "-thread-" + n).unstarted(this::serve))
			.toList();
	}

	@Override
	void start(Runnable work) {
		throw new UnsupportedOperationException("A thread-pool worker's threads take their work from the shared queue");
	}

	@Override
	void startThreads() {
		this.threads.forEach(Thread::start);
	}

	@Override
	void interruptThreads() {
		this.threads.forEach(Thread::interrupt);
	}

	private void serve() {
		// A thread serves this worker for its whole life: bound once, not per unit of work (a
		// thread-local set and removed per request showed as 5 % of the allocation on /hello).
		bindToCurrentThread();
		SharedWorkQueue queue = arbiter().dispatcher().sharedQueue();
		try {
			while (!retiring()) {
				Runnable work = queue.take();
				if (!claim()) {
					// Retiring: the workers that serve on run it.
					queue.putBack(work);
					return;
				}
				run(work);
			}
		}
		catch (InterruptedException ex) {
			// stop() interrupts an idle thread: the worker is over.
		}
	}

}
