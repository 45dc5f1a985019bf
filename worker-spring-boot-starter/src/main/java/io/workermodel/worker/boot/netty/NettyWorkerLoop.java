package io.workermodel.worker.boot.netty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.workermodel.worker.WorkerLoop;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A reactive worker's event loop: one Reactor Netty loop thread, on the same transport (epoll
 * where available, else NIO) as Reactor Netty would pick, and the connections registered on it.
 */
final class NettyWorkerLoop implements WorkerLoop {

	/** How long the loop's thread may take to end once its connections are closed. */
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How long a retiring loop's connection must have been idle before it is closed. A client
	 * that has just used a connection is likely to send its next request on it (which is answered
	 * with Connection: close); closing the connection under that request would fail it.
	 */
	private static final long IDLE_BEFORE_CLOSE_MILLIS = 1000;

	private static final String LAST_READ = "worker.lastRead";

	private final LoopResources resources;

	private final IoEventLoop loop;

	private final ChannelGroup channels;

	private volatile Thread thread;

	NettyWorkerLoop(int id, int generation) {
		String name = "worker-" + id + "-loop-g" + generation;
		this.resources = LoopResources.create(name, 1, true);
		this.loop = (IoEventLoop) this.resources.onServer(true).next();
		this.channels = new DefaultChannelGroup(name, this.loop);
		this.loop.execute(() -> this.thread = Thread.currentThread());
	}

	/** Puts a newly accepted connection on this loop. */
	ChannelFuture register(Channel channel) {
		return register(new DefaultChannelPromise(channel, this.loop));
	}

	ChannelFuture register(ChannelPromise promise) {
		Channel channel = promise.channel();
		this.channels.add(channel);
		channel.pipeline().addFirst(LAST_READ, new LastRead());
		return this.loop.register(promise);
	}

	IoEventLoop eventLoop() {
		return this.loop;
	}

	@Override
	public void execute(Runnable task) {
		this.loop.execute(task);
	}

	@Override
	public Thread thread() {
		return this.thread;
	}

	@Override
	public void drain() {
		this.loop.execute(this::closeIdleConnections);
	}

	/**
	 * Closes the connections that carry no request and have been idle a while, and looks again
	 * later while others are left. Runs on the loop itself, so that no request can start on a
	 * connection between the look and the close. A connection in use closes after its response,
	 * which is made to say Connection: close if it has not started yet.
	 */
	private void closeIdleConnections() {
		long now = System.nanoTime();
		boolean left = false;
		for (Channel channel : this.channels) {
			ChannelOperations<?, ?> inUse = ChannelOperations.get(channel);
			LastRead lastRead = (LastRead) channel.pipeline().get(LAST_READ);
			boolean idle = inUse == null && (lastRead == null
					|| TimeUnit.NANOSECONDS.toMillis(now - lastRead.nanos) >= IDLE_BEFORE_CLOSE_MILLIS);
			if (idle) {
				channel.close();
				continue;
			}
			if (inUse instanceof HttpServerResponse response && !response.hasSentHeaders()) {
				response.keepAlive(false);
			}
			left = true;
		}
		if (left) {
			this.loop.schedule(this::closeIdleConnections, IDLE_BEFORE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void close() {
		this.channels.close();
		this.resources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).subscribe();
	}

	/** Notes when a connection last received bytes. */
	private static final class LastRead extends ChannelInboundHandlerAdapter {

		private volatile long nanos = System.nanoTime();

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			this.nanos = System.nanoTime();
			context.fireChannelRead(message);
		}

	}

}
