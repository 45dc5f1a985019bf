package io.workermodel.worker;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place where a worker class name ({@code sync}, {@code gthread}, ...) becomes a worker,
 * as gunicorn's {@code worker_class} registry does.
 */
public enum WorkerClass {

	/** One platform thread per worker: one request at a time. */
	SYNC("sync") {
		@Override
		public int capacity(WorkerSettings settings) {
			return 1;
		}

		@Override
		boolean threadsTakeWork() {
			return true;
		}

		@Override
		Worker spawn(int id, int generation, WorkerSettings settings, Arbiter arbiter) {
			return new SyncWorker(id, generation, arbiter);
		}
	},

	/** A pool of {@code threads} platform threads per worker. */
	GTHREAD("gthread") {
		@Override
		public int capacity(WorkerSettings settings) {
			return settings.threads();
		}

		@Override
		boolean threadsTakeWork() {
			return true;
		}

		@Override
		Worker spawn(int id, int generation, WorkerSettings settings, Arbiter arbiter) {
			return new ThreadPoolWorker(id, generation, settings.threads(), arbiter);
		}
	},

	/** Each request on its own virtual thread, at most {@code connections} at once per worker. */
	VIRTUAL("virtual") {
		@Override
		public int capacity(WorkerSettings settings) {
			return settings.connections();
		}

		@Override
		Worker spawn(int id, int generation, WorkerSettings settings, Arbiter arbiter) {
			return new VirtualThreadWorker(id, generation, settings.connections(), arbiter);
		}
	},

	/**
	 * One event loop per worker, for reactive servers: {@code connections} requests in flight at
	 * most per worker. The loops are the server's own, so only an arbiter given a way to open them
	 * can spawn these workers.
	 */
	REACTIVE("reactive") {
		@Override
		public int capacity(WorkerSettings settings) {
			return settings.connections();
		}

		@Override
		Worker spawn(int id, int generation, WorkerSettings settings, Arbiter arbiter) {
			WorkerLoops loops = arbiter.loops();
			if (loops == null) {
				throw new InvalidWorkerSettingException("class", id(), "one of " + threadBased(),
						"reactive workers are a reactive server's event loops, and this server has none");
			}
			return new EventLoopWorker(id, generation, settings.connections(), arbiter, loops);
		}
	};

	private final String id;

	WorkerClass(String id) {
		this.id = id;
	}

	/** The name users write in {@code worker.class}. */
	public String id() {
		return this.id;
	}

	/** How many units of work one worker of this class runs at once. */
	public abstract int capacity(WorkerSettings settings);

	abstract Worker spawn(int id, int generation, WorkerSettings settings, Arbiter arbiter);

	/**
	 * Whether the workers' own threads take work from the dispatcher (a fixed pool does), rather
	 * than the dispatcher handing each unit to a worker (one that makes a thread per unit).
	 */
	boolean threadsTakeWork() {
		return false;
	}

	/**
	 * The worker class of that name, ignoring case.
	 * @throws InvalidWorkerSettingException naming the accepted names when there is none
	 */
	public static WorkerClass of(String name) {
		for (WorkerClass candidate : values()) {
			if (candidate.id.equalsIgnoreCase(name.trim())) {
				return candidate;
			}
		}
		throw new InvalidWorkerSettingException("class", name, "one of " + names(values()));
	}

	/** The classes whose workers are threads, which any blocking server can run on. */
	public static String threadBased() {
		return names(SYNC, GTHREAD, VIRTUAL);
	}

	private static String names(WorkerClass... classes) {
		return Arrays.stream(classes).map(WorkerClass::id).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return this.id;
	}

}
