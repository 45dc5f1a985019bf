package io.workermodel.worker;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place where a worker class name ({@code sync}, {@code gthread}, ...) becomes a worker
 * and the pool that feeds it, as gunicorn's {@code worker_class} registry does.
 */
public enum WorkerClass {

	/** One platform thread per worker: one request at a time. */
	SYNC("sync") {
		@Override
		public int capacity(WorkerSettings settings) {
			return 1;
		}

		@Override
		int platformThreads(int threads) {
			return 1;
		}

		@Override
		String capacityText(WorkerSettings settings) {
			return "1 thread";
		}

		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision) {
			return new HandOffPool<ThreadPoolWorker>(settings, supervision, new ThreadPoolWorker[0], SyncWorker::new);
		}
	},

	/** A pool of {@code threads} platform threads per worker. */
	GTHREAD("gthread") {
		@Override
		public int capacity(WorkerSettings settings) {
			return settings.threads();
		}

		@Override
		int platformThreads(int threads) {
			return threads;
		}

		@Override
		String capacityText(WorkerSettings settings) {
			return settings.threads() + " threads";
		}

		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision) {
			return new HandOffPool<ThreadPoolWorker>(settings, supervision, new ThreadPoolWorker[0],
					(id, generation, pool) -> new ThreadPoolWorker(id, generation, settings.threads(), pool));
		}
	},

	/** Each request on its own virtual thread, at most {@code connections} at once per worker. */
	VIRTUAL("virtual") {
		@Override
		public int capacity(WorkerSettings settings) {
			return settings.connections();
		}

		@Override
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision) {
			return new HandOffPool<VirtualThreadWorker>(settings, supervision, new VirtualThreadWorker[0],
					(id, generation, pool) -> new VirtualThreadWorker(id, generation, settings.connections(), pool));
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
		WorkerPool<?> pool(WorkerSettings settings, Supervision supervision) {
			return new EventLoopPool(settings, supervision, (id, generation, pool) -> {
				if (supervision.loops() == null) {
					throw new InvalidWorkerSettingException("class", id(), "one of " + threadBased(),
							"reactive workers are a reactive server's event loops, and this server has none");
				}
				return new EventLoopWorker(id, generation, settings.connections(), pool);
			});
		}

		@Override
		boolean holdsBacklog() {
			return false;
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

	/** How many platform threads one worker of this class keeps, given {@code threads} per gthread worker. */
	int platformThreads(int threads) {
		return 0;
	}

	/** What bounds one worker, as the start-up log says it: "50 threads", "1000 connections". */
	String capacityText(WorkerSettings settings) {
		return settings.connections() + " connections";
	}

	/** Whether work waits in a backlog when every worker is at capacity; an event loop refuses it at once. */
	boolean holdsBacklog() {
		return true;
	}

	/**
	 * A pool of this class's workers, empty until the arbiter spawns them: how units of work reach
	 * them and which worker each slot holds.
	 */
	abstract WorkerPool<?> pool(WorkerSettings settings, Supervision supervision);

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
