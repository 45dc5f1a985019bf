package io.workermodel.worker;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import io.workermodel.worker.jvm.SupervisorLog;
import io.workermodel.worker.jvm.VirtualThreads;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Reports virtual threads pinned to their carrier for longer than {@code pinned-threshold}: while
 * pinned, a virtual thread holds one of the few carriers every other virtual thread needs, and
 * enough of them at once starve the class. The JVM's own flight recorder finds them
 * ({@code jdk.VirtualThreadPinned}, streamed in the JVM, not written to disk); each is counted
 * on the worker and request that ran on the thread, heard by the listeners, and logged with its
 * stack at most once every {@value #LOG_EVERY_SECONDS} seconds, with how many others there were
 * meanwhile.
 */
final class PinnedThreads {

	private static final SupervisorLog log = SupervisorLog.of(PinnedThreads.class);

	private static final String EVENT = "jdk.VirtualThreadPinned";

	private static final long LOG_EVERY_SECONDS = 10;

	/** How often requests that have ended are forgotten: after the recorder has had time to report them. */
	private static final long SWEEP_SECONDS = 5;

	private static final int FRAMES = 20;

	/** How many requests {@link #byRequest()} names, the most pinned first. */
	private static final int MOST_PINNED = 20;

	/** How many requests are counted apart, so that paths with ids in them cannot grow the counts without end. */
	private static final int MOST_COUNTED = 1000;

	private static final String OTHERS = "other requests";

	private final Duration threshold;

	/** Whether the serving workers run on virtual threads: only then is the recorder started. */
	private final BooleanSupplier watched;

	private final Listeners listeners;

	/** The requests running on virtual threads, by thread id, until a while after they end. */
	private final Map<Long, WorkerRequest> running = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final LongAdder total = new LongAdder();

	private Set<Long> endedAtLastSweep = Set.of();

	private volatile boolean watching;

	/** Whether the flight recorder could not be started here; set where it is started, one thread at a time. */
	private boolean unavailable;

	private volatile RecordingStream stream;

	private long lastLogNanos;

	private long unlogged;

	/**
	 * @param threshold how long a pin must last to be reported; zero reports none
	 * @param watched whether the serving workers run on virtual threads now: an application that
	 * runs none does not pay for the recorder
	 */
	PinnedThreads(Duration threshold, BooleanSupplier watched, Listeners listeners) {
		this.threshold = threshold;
		this.watched = watched;
		this.listeners = listeners;
	}

	/**
	 * Streams pins from now on, or from when the class is switched to {@code virtual}, on a JVM
	 * with virtual threads, unless the threshold is zero.
	 */
	void scheduleOn(ScheduledExecutorService executor) {
		if (this.threshold.isZero() || !VirtualThreads.supported()) {
			return;
		}
		startIfWatched();
		executor.scheduleWithFixedDelay(() -> {
			startIfWatched();
			forgetEnded();
		}, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
	}

	private void startIfWatched() {
		if (this.stream != null || this.unavailable || !this.watched.getAsBoolean()) {
			return;
		}
		try {
			RecordingStream recording = new RecordingStream();
			recording.enable(EVENT).withThreshold(this.threshold).withStackTrace();
			recording.onEvent(EVENT, this::pinned);
			recording.startAsync();
			this.stream = recording;
			this.watching = true;
		}
		catch (LinkageError | IllegalStateException | SecurityException ex) {
			// A runtime built without the flight recorder (jlink without jdk.jfr), or one that forbids it.
			this.unavailable = true;
			log.warn("Pinned virtual threads are not reported: the flight recorder is not available ({})",
					ex.toString());
		}
	}

	/** Notes the request running on the calling thread, if that is a virtual thread pins are reported for. */
	void running(WorkerRequest request) {
		if (this.watching) {
			Thread thread = Thread.currentThread();
			if (VirtualThreads.isVirtual(thread)) {
				this.running.put(thread.getId(), request);
			}
		}
	}

	/** Pins reported so far. */
	long total() {
		return this.total.sum();
	}

	/** The most pinned requests, as worker and request, with how often each was pinned. */
	Map<String, Long> byRequest() {
		Map<String, Long> most = new LinkedHashMap<>();
		this.counts.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue().sum()))
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(MOST_PINNED)
			.forEachOrdered((entry) -> most.put(entry.getKey(), entry.getValue()));
		return most;
	}


	void close() {
		this.watching = false;
		RecordingStream recording = this.stream;
		if (recording != null) {
			recording.close();
		}
	}

	/** On the recording's own thread, one event at a time. */
	private void pinned(RecordedEvent event) {
		RecordedThread thread = event.getThread();
		WorkerRequest request = (thread != null) ? this.running.get(thread.getJavaThreadId()) : null;
		String where = (request != null) ? "worker " + request.worker().id() + " " + request : "outside any request";
		this.total.increment();
		String counted = (this.counts.size() < MOST_COUNTED || this.counts.containsKey(where)) ? where : OTHERS;
		this.counts.computeIfAbsent(counted, (key) -> new LongAdder()).increment();
		Duration duration = event.getDuration();
		this.listeners.tell((listener) -> listener.virtualThreadPinned(request, duration));
		long now = System.nanoTime();
		if (this.lastLogNanos != 0 && now - this.lastLogNanos < TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS)) {
			this.unlogged++;
			return;
		}
		log.warn("VIRTUAL THREAD PINNED ({}): held its carrier {} ms, past the pinned threshold of {}{}{}", where,
				duration.toMillis(), this.threshold,
				(this.unlogged > 0) ? "; " + this.unlogged + " more pins since the last report" : "",
				stackOf(event.getStackTrace()));
		this.lastLogNanos = now;
		this.unlogged = 0;
	}

	private static String stackOf(RecordedStackTrace stack) {
		if (stack == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		List<RecordedFrame> frames = stack.getFrames();
		for (RecordedFrame frame : frames.subList(0, Math.min(FRAMES, frames.size()))) {
			text.append("\n\tat ")
				.append(frame.getMethod().getType().getName())
				.append('.')
				.append(frame.getMethod().getName())
				.append('(')
				.append(frame.getLineNumber())
				.append(')');
		}
		return text.toString();
	}

	/** Forgets requests that had ended by the last sweep: any pin of theirs has been reported since. */
	private void forgetEnded() {
		Set<Long> ended = new HashSet<>();
		this.running.forEach((id, request) -> {
			if (request.isClosed()) {
				ended.add(id);
			}
		});
		for (Long id : this.endedAtLastSweep) {
			this.running.remove(id);
		}
		ended.removeAll(this.endedAtLastSweep);
		this.endedAtLastSweep = ended;
	}

}
