package io.workermodel.worker.boot.netty;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import io.workermodel.worker.ConnectionBalancer;
import io.workermodel.worker.EventLoopWorker;

/**
 * The server's child group: puts each accepted connection on the loop of the serving worker
 * with the fewest connections, never on a retiring one. Its loops are the workers', which the
 * arbiter starts and stops, so shutting the group down only marks it as such.
 */
final class WorkerEventLoopGroup extends AbstractEventExecutorGroup implements IoEventLoopGroup {

	private final ConnectionBalancer balancer;

	private final Promise<Void> terminated = GlobalEventExecutor.INSTANCE.newPromise();

	WorkerEventLoopGroup(ConnectionBalancer balancer) {
		this.balancer = balancer;
	}

	@Override
	public ChannelFuture register(Channel channel) {
		return assign(channel).register(channel);
	}

	@Override
	public ChannelFuture register(ChannelPromise promise) {
		return assign(promise.channel()).register(promise);
	}

	@Override
	@Deprecated
	public ChannelFuture register(Channel channel, ChannelPromise promise) {
		return register(promise);
	}

	/** The loop a new connection would go to now. */
	@Override
	public IoEventLoop next() {
		return loopOf(this.balancer.leastConnected()).eventLoop();
	}

	@Override
	public Iterator<EventExecutor> iterator() {
		return List.<EventExecutor>of(next()).iterator();
	}

	@Override
	public boolean isShuttingDown() {
		return this.terminated.isDone();
	}

	@Override
	public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
		this.terminated.trySuccess(null);
		return this.terminated;
	}

	@Override
	public Future<?> terminationFuture() {
		return this.terminated;
	}

	@Override
	@Deprecated
	public void shutdown() {
		shutdownGracefully();
	}

	@Override
	public boolean isShutdown() {
		return this.terminated.isDone();
	}

	@Override
	public boolean isTerminated() {
		return this.terminated.isDone();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.terminated.await(timeout, unit);
	}

	private NettyWorkerLoop assign(Channel channel) {
		EventLoopWorker worker = this.balancer.open();
		NettyWorkerLoop loop = loopOf(worker);
		channel.closeFuture()
			.addListener((closed) -> worker.connectionClosed(WebSocketConnections.isUpgraded(channel)));
		return loop;
	}

	/** The worker's loop; none when no worker serves, and Reactor Netty then closes the connection. */
	private static NettyWorkerLoop loopOf(EventLoopWorker worker) {
		if (worker == null) {
			throw new IllegalStateException("No worker is serving: the application is shutting down");
		}
		return (NettyWorkerLoop) worker.loop();
	}

}
