package io.workermodel.worker;

/** The {@code sync} worker: one platform thread, one unit of work at a time. */
final class SyncWorker extends ThreadPoolWorker {

	SyncWorker(Spawn spawn, HandOff handOff) {
		super(spawn, 1, handOff);
	}

}
