package io.workermodel.sample;

/**
 * A fixed amount of CPU work, measured in milliseconds of one CPU of the machine the benchmarks
 * were calibrated on. Fixed work rather than a spin until a wall-clock time, which a thread the
 * kernel descheduled would count as work done, and so favour configurations with more threads
 * than CPUs.
 */
final class CpuWork {

	/** Xorshift steps one CPU of the reference machine runs in a millisecond (1.73 ns each). */
	private static final long STEPS_PER_MS = 575_000;

	private CpuWork() {
	}

	/** Works for about {@code ms} milliseconds of one CPU; the result keeps the JIT from skipping it. */
	static String work(long ms) {
		long state = System.nanoTime() | 1;
		for (long i = ms * STEPS_PER_MS; i > 0; i--) {
			state ^= state << 13;
			state ^= state >>> 7;
			state ^= state << 17;
		}
		return "worked " + ms + " ms, " + Long.toHexString(state) + "\n";
	}

}
