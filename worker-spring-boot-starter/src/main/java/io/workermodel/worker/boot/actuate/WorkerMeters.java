package io.workermodel.worker.boot.actuate;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.workermodel.worker.Arbiter;
import io.workermodel.worker.ArbiterSnapshot.Autoscaling;
import io.workermodel.worker.ExitReason;
import io.workermodel.worker.WorkerClass;
import io.workermodel.worker.WorkerListener;
import io.workermodel.worker.WorkerRequest;
import io.workermodel.worker.WorkerSettings;
import io.workermodel.worker.WorkerSnapshot;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The workers' Micrometer meters. A worker's meters appear when its slot first serves and go
 * when the slot is scaled away, so they are registered on the registry directly rather than
 * bound once at start-up; a replacement in the same slot carries its series on.
 */
public class WorkerMeters implements WorkerListener {

	/** Exits after which the slot serves again with a fresh worker. */
	private static final Set<ExitReason> RESTARTS = EnumSet.complementOf(EnumSet.of(ExitReason.SCALE_DOWN,
			ExitReason.SHUTDOWN));

	private static final int OUTCOMES = Outcome.values().length;

	private static final int CLASSES = WorkerClass.values().length;

	private final MeterRegistry registry;

	/** Resolved when a gauge is read: the arbiter is created with this listener, so after it. */
	private final ObjectProvider<Arbiter> arbiter;

	private final boolean autoscaled;

	/** The class in use, which the meters' class tag follows when it is switched. */
	private volatile WorkerClass workerClass;

	private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

	/** How long requests waited for a worker, by the class that ran them. */
	private final Map<WorkerClass, Timer> queueTimes = new ConcurrentHashMap<>();

	/** How long work refused for overload waited for its 503, for the class in use. */
	private volatile Timer refusals;

	/** The slots whose meters are registered. */
	private final Set<Integer> slots = ConcurrentHashMap.newKeySet();

	public WorkerMeters(MeterRegistry registry, ObjectProvider<Arbiter> arbiter, WorkerSettings settings) {
		this.registry = registry;
		this.arbiter = arbiter;
		this.workerClass = settings.workerClass();
		this.autoscaled = settings.autoscale().enabled();
		registerClassMeters();
	}

	/**
	 * The meters of the whole class, the counters at 0 from the start so that a dashboard's rate
	 * has a series before the first event.
	 */
	private void registerClassMeters() {
		Tags tags = Tags.of("class", this.workerClass.id());
		Gauge.builder("worker.backlog", this, (meters) -> meters.arbiter().dispatcher().backlog())
			.tags(tags)
			.description("Work waiting for a worker")
			.register(this.registry);
		Gauge.builder("worker.queue.standing", this, (meters) -> meters.arbiter().dispatcher().queueStands() ? 1 : 0)
			.tags(tags)
			.description("1 while a queue stands, so that a request behind one that waited past queue-target is "
					+ "refused at once, else 0")
			.register(this.registry);
		FunctionCounter.builder("worker.shed", this, (meters) -> meters.arbiter().dispatcher().shed())
			.tags(tags)
			.description("Work answered 503 on arrival: every worker busy and the backlog full, or the wait "
					+ "expected past queue-target")
			.register(this.registry);
		FunctionCounter.builder("worker.expired", this, (meters) -> meters.arbiter().dispatcher().expired())
			.tags(tags)
			.description("Work answered 503 because it waited for a worker longer than it may")
			.register(this.registry);
		this.refusals = Timer.builder("worker.refusals")
			.tags(tags)
			.description("Time from a request's arrival to its 503 for overload")
			.register(this.registry);
		Gauge.builder("worker.limit", this, (meters) -> meters.arbiter().dispatcher().limit())
			.tags(tags)
			.description("Requests the workers may run at once now: their capacity, or an adaptive limit")
			.register(this.registry);
		FunctionCounter.builder("worker.carrier.starvations", this, (meters) -> meters.arbiter().findings().starvations())
			.tags(tags)
			.description("Times every carrier of the virtual threads was found held, so that none could be scheduled")
			.register(this.registry);
		FunctionCounter.builder("worker.pinned", this, (meters) -> meters.arbiter().findings().pinned())
			.tags(tags)
			.description("Times a virtual worker's thread held its carrier, pinned, longer than the threshold set for reporting pins")
			.register(this.registry);
		Gauge.builder("worker.stuck", this, (meters) -> meters.arbiter().findings().stuck())
			.tags(tags)
			.description("Aborted requests whose threads ignore their interruption and still run")
			.register(this.registry);
		Gauge.builder("worker.workers", this, (meters) -> meters.arbiter().settings().workers())
			.tags(tags)
			.description("Workers serving")
			.register(this.registry);
		for (ExitReason reason : RESTARTS) {
			restarts(this.workerClass.id(), reason);
		}
		if (this.autoscaled) {
			autoscaled(tags, "up", Autoscaling::ups);
			autoscaled(tags, "down", Autoscaling::downs);
		}
	}

	private void autoscaled(Tags tags, String direction, ToLongFunction<Autoscaling> steps) {
		FunctionCounter.builder("worker.autoscale", this, (meters) -> {
			Autoscaling autoscale = meters.arbiter().findings().autoscaling();
			return (autoscale != null) ? steps.applyAsLong(autoscale) : 0;
		})
			.tags(tags.and("direction", direction))
			.description("Workers the autoscaler added (up) or removed (down)")
			.register(this.registry);
	}

	private Counter restarts(String workerClass, ExitReason reason) {
		return Counter.builder("worker.restarts")
			.tags("class", workerClass, "reason", reason.name())
			.description("Workers replaced in their slot, by reason")
			.register(this.registry);
	}

	/**
	 * The class was switched: the meters of the old class go (but for its restarts, which are
	 * history), and those of the new one come, the slots' as their workers start.
	 */
	@Override
	public void workerClassChanged(WorkerClass from, WorkerClass to) {
		for (Meter meter : this.registry.getMeters()) {
			Meter.Id id = meter.getId();
			if (id.getName().startsWith("worker.") && !id.getName().equals("worker.restarts")
					&& from.id().equals(id.getTag("class"))) {
				this.registry.remove(meter);
			}
		}
		this.timers.clear();
		this.queueTimes.remove(from);
		this.slots.clear();
		this.workerClass = to;
		registerClassMeters();
	}

	@Override
	public void workRefused(long waitedNanos) {
		this.refusals.record(waitedNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void workerStarted(WorkerSnapshot worker) {
		if (!this.slots.add(worker.id())) {
			// A replacement: the slot's meters read whichever worker holds it.
			return;
		}
		Tags tags = workerTags(worker.id());
		workerGauge("worker.active", worker.id(), WorkerSnapshot::active, tags, "Requests in flight on the worker");
		workerGauge("worker.waiting", worker.id(), WorkerSnapshot::waiting, tags,
				"Requests in flight on the worker that hold no thread while they wait, as asynchronous servlet requests do");
		workerGauge("worker.busy", worker.id(), WorkerSnapshot::busy, tags,
				"Share of the worker's capacity in use over the last second, 0 to 1");
		timeouts(worker.id());
		if (this.workerClass.runsOnEventLoops()) {
			workerGauge("worker.connections", worker.id(), WorkerSnapshot::connections, tags,
					"Connections open on the worker's event loop");
			workerGauge("worker.websockets", worker.id(), WorkerSnapshot::websockets, tags,
					"Connections on the worker's event loop upgraded to WebSockets");
			blocked(worker.id());
		}
	}

	@Override
	public void loopBlocked(WorkerSnapshot worker, long stalledNanos) {
		blocked(worker.id()).increment();
	}

	@Override
	public void workerExited(WorkerSnapshot worker, ExitReason reason) {
		if (RESTARTS.contains(reason)) {
			// The class of the worker that left: after a switch, the class switched from.
			restarts(worker.workerClass(), reason).increment();
		}
		else if (reason == ExitReason.SCALE_DOWN) {
			removeSlot(worker.id());
		}
	}

	@Override
	public void workerAborted(WorkerSnapshot worker, WorkerRequest request) {
		timeouts(worker.id()).increment();
	}

	/** The requests timer hears every request, whether or not request hooks are on. */
	@Override
	public boolean hearsEveryRequest() {
		return true;
	}

	@Override
	public void afterRequest(WorkerRequest request) {
		Outcome outcome = Outcome.forStatus(request.status());
		int slot = request.worker().id();
		// By the class of the worker that ran it: a switched-from worker still draining keeps its own.
		WorkerClass workerClass = WorkerClass.of(request.worker().workerClass());
		int key = (slot * OUTCOMES + outcome.ordinal()) * CLASSES + workerClass.ordinal();
		// A plain get first: computeIfAbsent's capturing lambda would be allocated on every request.
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = this.timers.computeIfAbsent(key, (absent) -> Timer.builder("worker.requests")
				.tags(Tags.of("worker", String.valueOf(slot), "class", workerClass.id()).and(outcome.asTag()))
				.description("Requests that ran on the worker, by outcome")
				.register(this.registry));
		}
		timer.record(request.elapsedNanos(), TimeUnit.NANOSECONDS);
		Timer queueTime = this.queueTimes.get(workerClass);
		if (queueTime == null) {
			queueTime = this.queueTimes.computeIfAbsent(workerClass, (absent) -> Timer.builder("worker.queue.time")
				.tag("class", workerClass.id())
				.description("How long requests waited for a worker, in the backlog and in front of the server")
				.register(this.registry));
		}
		queueTime.record(request.queuedNanos(), TimeUnit.NANOSECONDS);
	}

	private Counter timeouts(int slot) {
		return Counter.builder("worker.timeouts")
			.tags(workerTags(slot))
			.description("Requests aborted for running past worker.timeout")
			.register(this.registry);
	}

	private Counter blocked(int slot) {
		return Counter.builder("worker.blocked")
			.tags(workerTags(slot))
			.description("Stalls of the worker's event loop long enough to be reported as blocked")
			.register(this.registry);
	}

	private void workerGauge(String name, int slot, ToDoubleFunction<WorkerSnapshot> stat, Tags tags,
			String description) {
		Gauge.builder(name, () -> arbiter().worker(slot).map(stat::applyAsDouble).orElse(Double.NaN))
			.tags(tags)
			.description(description)
			.register(this.registry);
	}

	private void removeSlot(int slot) {
		String id = String.valueOf(slot);
		for (Meter meter : this.registry.find("worker.requests").tag("worker", id).meters()) {
			this.registry.remove(meter);
		}
		this.timers.keySet().removeIf((key) -> key / (OUTCOMES * CLASSES) == slot);
		this.slots.remove(slot);
		for (String name : new String[] { "worker.active", "worker.waiting", "worker.busy", "worker.timeouts", "worker.connections",
				"worker.websockets", "worker.blocked" }) {
			for (Meter meter : this.registry.find(name).tag("worker", id).meters()) {
				this.registry.remove(meter);
			}
		}
	}

	private Arbiter arbiter() {
		return this.arbiter.getObject();
	}

	private Tags workerTags(int slot) {
		return Tags.of("worker", String.valueOf(slot), "class", this.workerClass.id());
	}

}
