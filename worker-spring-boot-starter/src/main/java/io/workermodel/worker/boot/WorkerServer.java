package io.workermodel.worker.boot;

import java.util.concurrent.Executor;

import io.workermodel.worker.WorkerLoops;
import org.jspecify.annotations.Nullable;

/**
 * What a server integration tells the worker model about its server, as a bean: what it is, for
 * messages; on a server whose event loops can be workers, how to open them (which makes
 * {@code reactive} the default class there); and on a server whose work is known only as socket
 * events, where such an event goes to have its request read while every worker is busy. The
 * worker model applies where one is defined.
 *
 * @param description the application and its server, as in "a servlet application on Tomcat"
 * @param loops opens the event loop of each reactive worker, or {@code null} when the server's
 * loops cannot be workers
 * @param intake reads the request of work that found every worker busy, serves it at once when it
 * is one of the never-shed lane's and submits it to the dispatcher otherwise; or {@code null}
 * when the server reads every request on its own threads, from where each is handed over
 */
public record WorkerServer(String description, @Nullable WorkerLoops loops, @Nullable Executor intake) {

	/** A server that reads every request on its own threads, from where each is handed to a worker. */
	public static WorkerServer onThreads(String description) {
		return new WorkerServer(description, null, null);
	}

	/** A server whose requests run on threads, handed over as socket events before they are read. */
	public static WorkerServer onThreads(String description, Executor intake) {
		return new WorkerServer(description, null, intake);
	}

	/** A server whose event loops are the workers. */
	public static WorkerServer onEventLoops(String description, WorkerLoops loops) {
		return new WorkerServer(description, loops, null);
	}

	public boolean hasEventLoops() {
		return this.loops != null;
	}

}
