package io.workermodel.worker.jvm;

/** Another thread's stack, to log where it is stuck, and to tell what it is busy with. */
public final class ThreadStacks {

	private ThreadStacks() {
	}

	/** The thread's stack as a throwable's, so that logs print it as they print any stack trace. */
	public static Throwable of(Thread thread) {
		return of(thread, thread.getStackTrace());
	}

	/** A stack taken from the thread before, as a throwable's. */
	public static Throwable of(Thread thread, StackTraceElement[] stack) {
		Throwable trace = new Throwable("Stack of " + thread.getName());
		trace.setStackTrace(stack);
		return trace;
	}

	/**
	 * Whether the stack is the JVM's getting classes ready rather than the application's own work:
	 * a class's static initialiser, a class loader loading or defining a class, or the JDK linking
	 * a lambda or another call site the first time it runs. A thread serves its first requests after
	 * a start this way for a while, however little they do.
	 */
	public static boolean initialisesClasses(StackTraceElement[] stack) {
		for (StackTraceElement frame : stack) {
			String type = frame.getClassName();
			String method = frame.getMethodName();
			if (method.equals("<clinit>") || (type.startsWith("java.lang.invoke.") && method.startsWith("link"))
					|| type.equals("java.lang.invoke.InnerClassLambdaMetafactory")
					|| (type.endsWith("ClassLoader") && (method.equals("loadClass") || method.equals("defineClass")))) {
				return true;
			}
		}
		return false;
	}

}
