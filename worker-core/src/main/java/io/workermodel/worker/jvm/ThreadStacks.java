package io.workermodel.worker.jvm;

/** Another thread's stack, to log where it is stuck. */
public final class ThreadStacks {

	private ThreadStacks() {
	}

	/** The thread's stack as a throwable's, so that logs print it as they print any stack trace. */
	public static Throwable of(Thread thread) {
		Throwable stack = new Throwable("Stack of " + thread.getName());
		stack.setStackTrace(thread.getStackTrace());
		return stack;
	}

}
