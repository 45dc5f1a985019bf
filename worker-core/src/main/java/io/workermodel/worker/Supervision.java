package io.workermodel.worker;

import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the arbiter lends the workers it spawns: whom to tell what happens, where refused work is
 * counted, how to ask for a replacement or a recycle, and for event-loop workers how to open a
 * loop and where the loop is watched and found.
 *
 * @param listeners hear what happens to workers and, where they ask, to requests
 * @param shedding counts and answers work that no worker runs
 * @param intake where the server reads the request of work that found every worker busy, before
 * it is admitted; {@code null} to hold such work in the backlog as it is
 * @param replacer puts a fresh worker in a worker's slot, for a reason found on any thread
 * @param outlived counts a request that ended after its worker had retired, as a stream that
 * holds no thread may
 * @param loops opens the event loop of each reactive worker; {@code null} on a server with none
 * @param heartbeat watches the event loops
 * @param recycler recycles workers past their max-requests, one at a time
 * @param balancer hands new connections to event-loop workers
 * @param threads starts request threads, virtual ones where they are safe
 * @param pinned reports virtual threads pinned to their carriers, by request
 */
record Supervision(Listeners listeners, Shedding shedding, Executor intake, BiConsumer<Worker, ExitReason> replacer,
		Consumer<WorkerRequest> outlived,
		WorkerLoops loops, LoopHeartbeat heartbeat, Recycler recycler, ConnectionBalancer balancer,
		RequestThreads threads, PinnedThreads pinned) {
}
