package io.workermodel.worker;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The worker classes, as gunicorn's {@code worker_class} registry: each constant is one class, and
 * everything that makes it what it is (the worker and pool it runs, what bounds its capacity, its
 * default limit, whether its workers are threads) is asked of it here,
 * never tested for by name elsewhere. Adding a class is its worker's file and one constant.
 */
public enum WorkerClass {

	/** One platform thread per worker: one request at a time. */
	SYNC("sync", Capacity.ONE_THREAD) {
		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision, EventLoops loops) {
			return handOffPool(settings, supervision, new ThreadPoolWorker[0], SyncWorker::new);
		}
	},

	/** A pool of {@code threads} platform threads per worker. */
	GTHREAD("gthread", Capacity.THREADS) {
		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision, EventLoops loops) {
			return handOffPool(settings, supervision, new ThreadPoolWorker[0],
					(spawn, handOff) -> new ThreadPoolWorker(spawn, settings.threads(), handOff));
		}
	},

	/** Each request on its own virtual thread, at most {@code connections} at once per worker. */
	VIRTUAL("virtual", Capacity.CONNECTIONS) {
		@Override
		public boolean runsOnVirtualThreads() {
			return true;
		}

		/** Virtual threads do not bound themselves: the limit follows what the application's downstream takes. */
		@Override
		public ConcurrencyLimit limit(ConcurrencyLimit configured) {
			return (configured == ConcurrencyLimit.AUTO) ? ConcurrencyLimit.GRADIENT2 : configured;
		}

		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision, EventLoops loops) {
			return handOffPool(settings, supervision, new VirtualThreadWorker[0], (spawn,
					handOff) -> new VirtualThreadWorker(spawn, settings.connections(), handOff, supervision.threads()));
		}
	},

	/**
	 * One event loop per worker, for reactive servers: {@code connections} requests in flight at
	 * most per worker. The loops are the server's own, so only an arbiter given a way to open them
	 * can spawn these workers.
	 */
	REACTIVE("reactive", Capacity.CONNECTIONS) {
		@Override
		public boolean runsOnEventLoops() {
			return true;
		}

		/** A loop admits against its connections: there is nothing for another limit to hold back. */
		@Override
		public ConcurrencyLimit limit(ConcurrencyLimit configured) {
			return ConcurrencyLimit.FIXED;
		}

		@Override
		public boolean holdsBacklog() {
			return false;
		}

		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision, EventLoops loops) {
			return new EventLoopPool(id(), supervision, poolLimit(settings), settings.recycling(), (spawn, pool) -> {
				if (loops.loops() == null) {
					throw new InvalidWorkerSettingException("class", id(), "one of " + threadBased(),
							"reactive workers are a reactive server's event loops, and this server has none");
				}
				return new EventLoopWorker(spawn, settings.connections(), pool, loops);
			});
		}
	};

	/** What bounds how much work one worker runs at once. */
	public enum Capacity {

		/** One platform thread: one unit at a time. */
		ONE_THREAD,

		/** A pool of {@code threads} platform threads. */
		THREADS,

		/** At most {@code connections} units at once, on threads made per unit or on a loop. */
		CONNECTIONS

	}

	/** Every class, read without the copy values() makes: a meter asks of() on every request. */
	private static final WorkerClass[] ALL = values();

	private final String id;

	private final Capacity bound;

	WorkerClass(String id, Capacity bound) {
		this.id = id;
		this.bound = bound;
	}

	/** The name users write in {@code worker.class}. */
	public String id() {
		return this.id;
	}

	/** What bounds how much work one of its workers runs at once. */
	public Capacity bound() {
		return this.bound;
	}

	/** How many units of work one worker of this class runs at once. */
	public int capacity(WorkerSettings settings) {
		return switch (this.bound) {
			case ONE_THREAD -> 1;
			case THREADS -> settings.threads();
			case CONNECTIONS -> settings.connections();
		};
	}

	/**
	 * Whether its workers are the server's event loops, which only a reactive server has and which
	 * cannot be switched to or from while the application runs.
	 */
	public boolean runsOnEventLoops() {
		return false;
	}

	/** Whether its workers are threads, which any blocking server can run on. */
	public boolean isThreadBased() {
		return !runsOnEventLoops();
	}

	/** Whether its requests run on virtual threads, whose carriers and pins are then watched. */
	public boolean runsOnVirtualThreads() {
		return false;
	}

	/**
	 * The algorithm a pool of this class runs when {@code worker.limit} is {@code configured}:
	 * {@code auto} resolved to the class's own choice.
	 */
	public ConcurrencyLimit limit(ConcurrencyLimit configured) {
		return (configured == ConcurrencyLimit.AUTO) ? ConcurrencyLimit.FIXED : configured;
	}

	/** How many platform threads one worker of this class keeps, given {@code threads} per gthread worker. */
	int platformThreads(int threads) {
		return switch (this.bound) {
			case ONE_THREAD -> 1;
			case THREADS -> threads;
			case CONNECTIONS -> 0;
		};
	}

	/** What bounds one worker, as the start-up log says it: "50 threads", "1000 connections". */
	String capacityText(WorkerSettings settings) {
		return switch (this.bound) {
			case ONE_THREAD -> "1 thread";
			case THREADS -> settings.threads() + " threads";
			case CONNECTIONS -> settings.connections() + " connections";
		};
	}

	/** Whether work waits in a backlog when every worker is at capacity; an event loop refuses it at once. */
	public boolean holdsBacklog() {
		return true;
	}

	/**
	 * A pool of this class's workers, empty until the arbiter spawns them: how units of work reach
	 * them and which worker each slot holds.
	 * @param loops what event-loop workers need; unused by the thread-based classes
	 */
	abstract WorkerPool<?> pool(WorkerSettings settings, Supervision supervision, EventLoops loops);

	final <W extends HandOffWorker> WorkerPool<W> handOffPool(WorkerSettings settings, Supervision supervision,
			W[] none, WorkerPool.Spawner<HandOffWorker.HandOff, W> spawner) {
		return new HandOffPool<>(this.id, supervision, poolLimit(settings), settings.recycling(), settings.backlog(),
				settings.queueDeadline(), none, spawner);
	}

	final PoolLimit poolLimit(WorkerSettings settings) {
		int capacity = capacity(settings);
		return new PoolLimit(limit(settings.limit()), capacity * settings.workers(),
				capacity * Math.max(settings.workers(), settings.autoscale().max()));
	}

	/**
	 * The class an application runs when {@code worker.class} is not set: a reactive server's event
	 * loops stay loops, an application that asked Spring Boot for virtual threads keeps them, and
	 * the rest get gunicorn's threaded workers.
	 */
	public static WorkerClass defaultFor(boolean eventLoopServer, boolean virtualThreadsEnabled) {
		if (eventLoopServer) {
			return REACTIVE;
		}
		return virtualThreadsEnabled ? VIRTUAL : GTHREAD;
	}

	/**
	 * The worker class of that name, ignoring case.
	 * @throws InvalidWorkerSettingException naming the accepted names when there is none
	 */
	public static WorkerClass of(String name) {
		String trimmed = name.trim();
		for (WorkerClass candidate : ALL) {
			if (candidate.id.equalsIgnoreCase(trimmed)) {
				return candidate;
			}
		}
		throw new InvalidWorkerSettingException("class", name, "one of " + names(values()));
	}

	/** The names of the classes whose workers are threads, which any blocking server can run on. */
	public static String threadBased() {
		return names(Arrays.stream(values()).filter(WorkerClass::isThreadBased).toArray(WorkerClass[]::new));
	}

	private static String names(WorkerClass... classes) {
		return Arrays.stream(classes).map(WorkerClass::id).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return this.id;
	}

}
