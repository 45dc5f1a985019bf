package io.workermodel.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes down each event it hears, as a line of text. */
final class RecordingListener implements WorkerListener {

	final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	public void carriersStarved(long waitedMillis) {
		this.events.add("carriersStarved");
	}

	@Override
	public void virtualThreadPinned(WorkerRequest request, Duration pinned) {
		this.events.add("pinned " + request);
	}

	@Override
	public void workerStarted(WorkerSnapshot worker) {
		this.events.add("started " + worker.id() + "." + worker.generation());
	}

	@Override
	public void workerExited(WorkerSnapshot worker, ExitReason reason) {
		this.events.add("exited " + worker.id() + "." + worker.generation() + " " + reason);
	}

	@Override
	public void workerAborted(WorkerSnapshot worker, WorkerRequest request) {
		this.events.add("aborted " + worker.id() + "." + worker.generation() + " " + request);
	}

	@Override
	public void loopBlocked(WorkerSnapshot worker, long stalledNanos) {
		this.events.add("blocked " + worker.id() + "." + worker.generation());
	}

	@Override
	public void workerClassChanged(WorkerClass from, WorkerClass to) {
		this.events.add("class " + from + " -> " + to);
	}

	@Override
	public void workersChanged(int from, int to) {
		this.events.add("changed " + from + " -> " + to);
	}

	@Override
	public void beforeRequest(WorkerRequest request) {
		this.events.add("before " + request);
	}

	@Override
	public void afterRequest(WorkerRequest request) {
		this.events.add("after " + request + (request.failed() ? " failed" : ""));
	}

}
