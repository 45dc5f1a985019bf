package io.workermodel.worker.jvm;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The one place that decides which kind of thread request work starts on where it would run on a
 * virtual thread: a virtual thread while virtual threads can be scheduled safely, a platform
 * thread while the JVM is still loading the application's classes ({@link ClassLoadingWatch})
 * or every carrier is held ({@link CarrierWatch}), and always on a JVM without virtual threads.
 * The choice is made per thread, when it starts: a thread never changes kind.
 */
public final class RequestThreads {

	private final ClassLoadingWatch classLoading;

	private final BooleanSupplier carriersStarved;

	public RequestThreads(ClassLoadingWatch classLoading, BooleanSupplier carriersStarved) {
		this.classLoading = classLoading;
		this.carriersStarved = carriersStarved;
	}

	/** Whether a thread started now would be a virtual one. */
	public boolean virtualNow() {
		return VirtualThreads.supported() && this.classLoading.settled() && !this.carriersStarved.getAsBoolean();
	}

	/**
	 * Makes request threads named {@code prefix}, then {@code virtual-} or {@code platform-} and a
	 * counter: platform ones are daemons, as the worker model's own threads are.
	 */
	public ThreadFactory factory(String prefix) {
		ThreadFactory virtual = VirtualThreads.supported() ? VirtualThreads.factory(prefix + "virtual-") : null;
		AtomicLong platform = new AtomicLong();
		return (task) -> virtualNow() ? virtual.newThread(task)
				: PlatformThreads.daemon(prefix + "platform-" + platform.incrementAndGet(), task);
	}

	/** Runs each task on a request thread of its own, made as {@link #factory} makes them. */
	public Executor executor(String prefix) {
		ThreadFactory threads = factory(prefix);
		return (task) -> threads.newThread(task).start();
	}

}
