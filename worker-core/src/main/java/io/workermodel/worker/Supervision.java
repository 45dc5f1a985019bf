package io.workermodel.worker;

import java.util.concurrent.Executor;

import io.workermodel.worker.jvm.RequestThreads;

/**
 * What the arbiter lends each pool it builds: where its workers' events go, where refused work is
 * counted and answered, where a request is read before it is admitted, and which threads run
 * requests. Pools hand their workers only what each needs; no worker sees this.
 *
 * @param events the arbiter's side of the workers' events
 * @param shedding counts and answers work that no worker runs
 * @param intake where the server reads the request of work that found every worker busy, before
 * it is admitted; {@code null} to hold such work in the backlog as it is
 * @param threads starts request threads, virtual ones where they are safe
 */
record Supervision(WorkerEvents events, Shedding shedding, Executor intake, RequestThreads threads) {
}
