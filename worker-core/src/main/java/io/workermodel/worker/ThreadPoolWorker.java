package io.workermodel.worker;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;

import io.workermodel.worker.jvm.PlatformThreads;

/**
 * The {@code gthread} worker: a fixed pool of platform threads, each running one unit of work at a
 * time. Its threads exist for the worker's whole life, as a gunicorn worker's do, and take the
 * units handed to this worker; a unit is handed over only with capacity reserved for it, so one
 * of them is free for it.
 */
class ThreadPoolWorker extends HandOffWorker {

	private final List<Thread> threads;

	private final BlockingQueue<Runnable> handedOver = new LinkedBlockingQueue<>();

	ThreadPoolWorker(Spawn spawn, int threads, HandOff handOff) {
		super(spawn, threads, handOff);
		this.threads = IntStream.rangeClosed(1, threads)
			.mapToObj((n) -> PlatformThreads.daemon("worker-" + spawn.id() + "-thread-" + n, this::serve))
			.toList();
	}

	@Override
	void start(Runnable work) {
		this.handedOver.add(work);
	}

	@Override
	void startThreads() {
		this.threads.forEach(Thread::start);
	}

	@Override
	void interruptThreads(boolean forGood) {
		this.threads.forEach(Thread::interrupt);
	}

	private void serve() {
		// A thread serves this worker for its whole life: bound once, not per unit of work.
		bindToCurrentThread();
		try {
			while (true) {
				// Once stopped, what was handed over still runs (and is answered) before the
				// threads end.
				Runnable work = (state() == WorkerState.STOPPED) ? this.handedOver.poll() : this.handedOver.take();
				if (work != null) {
					runFrom(work);
				}
				if (state() == WorkerState.STOPPED && this.handedOver.isEmpty()) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			// stop() interrupts an idle thread: the worker is over.
		}
	}

}
