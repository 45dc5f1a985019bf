package io.workermodel.worker.boot.netty;

import java.time.Duration;

import io.netty.channel.EventLoopGroup;
import io.workermodel.worker.ConnectionBalancer;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The loops Reactor Netty serves on: one loop accepts connections and hands each to a worker's
 * loop. Clients built on the same resources (WebClient) get loops of their own, so that their
 * connections neither count as a worker's nor close when a worker retires.
 */
final class WorkerLoopResources implements LoopResources {

	private final WorkerEventLoopGroup workers;

	private final LoopResources acceptor = LoopResources.create("worker-accept", 1, true);

	private final LoopResources clients = LoopResources.create("worker-client");

	WorkerLoopResources(ConnectionBalancer balancer) {
		this.workers = new WorkerEventLoopGroup(balancer);
	}

	/**
	 * The workers' loops. They always use the native transport where there is one, so the
	 * accepting loop does too: a native server channel hands out native connections.
	 */
	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.workers;
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.acceptor.onServer(true);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.clients.onClient(useNative);
	}

	@Override
	public boolean daemon() {
		return true;
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		this.workers.shutdownGracefully();
		return Mono.when(this.acceptor.disposeLater(quietPeriod, timeout), this.clients.disposeLater(quietPeriod, timeout));
	}

}
