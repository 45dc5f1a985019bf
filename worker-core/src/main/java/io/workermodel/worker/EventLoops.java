package io.workermodel.worker;

/**
 * What {@code reactive} workers need beyond a pool: the server's way to open their loops, the
 * heartbeat that watches the loops, and the balancer that hands them connections.
 *
 * @param loops opens the event loop of each worker; {@code null} on a server with none
 * @param heartbeat watches the loops
 * @param balancer hands new connections to the serving loops
 */
record EventLoops(WorkerLoops loops, LoopHeartbeat heartbeat, ConnectionBalancer balancer) {
}
