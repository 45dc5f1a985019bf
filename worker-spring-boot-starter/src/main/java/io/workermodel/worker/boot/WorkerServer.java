package io.workermodel.worker.boot;

import io.workermodel.worker.WorkerLoops;
import org.jspecify.annotations.Nullable;

/**
 * What a server integration tells the worker model about its server, as a bean: what it is, for
 * messages, and on a server whose event loops can be workers, how to open them (which makes
 * {@code reactive} the default class there). The worker model applies where one is defined.
 *
 * @param description the application and its server, as in "a servlet application on Tomcat"
 * @param loops opens the event loop of each reactive worker, or {@code null} when the server's
 * loops cannot be workers
 */
public record WorkerServer(String description, @Nullable WorkerLoops loops) {

	/** A server whose requests run on threads. */
	public static WorkerServer onThreads(String description) {
		return new WorkerServer(description, null);
	}

	/** A server whose event loops are the workers. */
	public static WorkerServer onEventLoops(String description, WorkerLoops loops) {
		return new WorkerServer(description, loops);
	}

	public boolean hasEventLoops() {
		return this.loops != null;
	}

}
