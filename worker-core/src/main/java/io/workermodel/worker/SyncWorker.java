package io.workermodel.worker;

/** The {@code sync} worker: one platform thread, one unit of work at a time. */
final class SyncWorker extends ThreadPoolWorker {

	SyncWorker(int id, int generation, HandOffPool<ThreadPoolWorker> pool) {
		super(id, generation, 1, pool);
	}

}
