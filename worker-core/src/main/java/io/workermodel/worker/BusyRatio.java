package io.workermodel.worker;

/**
 * The share of a worker's capacity in use over the last second: the mean of the last
 * {@value #SAMPLES} samples, taken by the arbiter's thread, so that it shows load, not the
 * instant of a scrape.
 */
final class BusyRatio {

	/** Samples kept: one second's worth at the sampler's pace. */
	static final int SAMPLES = 10;

	/** Written by the sampler's thread only. */
	private final double[] samples = new double[SAMPLES];

	private int taken;

	private volatile double ratio;

	/** Adds a sample of {@code busy} units of {@code capacity} in use. */
	void sample(int busy, int capacity) {
		this.samples[this.taken % SAMPLES] = (double) busy / capacity;
		this.taken++;
		int count = Math.min(this.taken, SAMPLES);
		double sum = 0;
		for (int i = 0; i < count; i++) {
			sum += this.samples[i];
		}
		this.ratio = sum / count;
	}

	/** From 0 to 1. */
	double value() {
		return this.ratio;
	}

}
