package io.workermodel.worker.boot.netty;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.workermodel.worker.WorkerLoop;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelOperations;
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

	private static final String CLOSE_AFTER_RESPONSE = "worker.closeAfterResponse";

	private final LoopResources resources;

	private final IoEventLoop loop;

	private final ChannelGroup channels;

	private volatile Thread thread;

	/** Done once the loop is disposed of. */
	private final CompletableFuture<Void> ended = new CompletableFuture<>();

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
	 * connection between the look and the close. The others close after their next response,
	 * which is made to say so.
	 */
	private void closeIdleConnections() {
		long now = System.nanoTime();
		boolean left = false;
		for (Channel channel : this.channels) {
			if (WebSocketConnections.isUpgraded(channel)) {
				// Served on until it closes, after the worker has retired.
				continue;
			}
			LastRead lastRead = (LastRead) channel.pipeline().get(LAST_READ);
			boolean idle = ChannelOperations.get(channel) == null && (lastRead == null
					|| TimeUnit.NANOSECONDS.toMillis(now - lastRead.nanos) >= IDLE_BEFORE_CLOSE_MILLIS);
			if (idle) {
				channel.close();
			}
			else {
				closeAfterResponse(channel);
				left = true;
			}
		}
		if (left) {
			this.loop.schedule(this::closeIdleConnections, IDLE_BEFORE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Has the connection's responses written from now on say Connection: close, so that its
	 * client takes its next request to a serving worker. Marked where they are written, on the
	 * loop, rather than where the application builds them, on whatever thread it finishes: once
	 * this runs, no response still to be written is missed. HTTP/2 has no such header.
	 */
	private static void closeAfterResponse(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(CLOSE_AFTER_RESPONSE) == null && pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
			// Ahead of the traffic handler on the way out: it is what closes the connection.
			pipeline.addAfter(NettyPipeline.HttpTrafficHandler, CLOSE_AFTER_RESPONSE, CloseAfterResponse.INSTANCE);
		}
	}

	@Override
	public CompletionStage<Void> retire() {
		this.loop.execute(() -> {
			for (Channel channel : this.channels) {
				if (!WebSocketConnections.isUpgraded(channel)) {
					channel.close();
				}
			}
			endOnceEmpty();
		});
		return this.ended;
	}

	/** Ends the retired loop once the WebSockets it serves on have closed. */
	private void endOnceEmpty() {
		if (this.channels.isEmpty()) {
			dispose();
		}
		else {
			this.loop.schedule(this::endOnceEmpty, IDLE_BEFORE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void close() {
		this.channels.close();
		dispose();
	}

	private void dispose() {
		this.resources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).subscribe();
		this.ended.complete(null);
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

	/** Marks each final response written as the connection's last. */
	@Sharable
	private static final class CloseAfterResponse extends ChannelOutboundHandlerAdapter {

		static final CloseAfterResponse INSTANCE = new CloseAfterResponse();

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
			if (message instanceof HttpResponse response
					&& response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
				HttpUtil.setKeepAlive(response, false);
			}
			context.write(message, promise);
		}

	}

}
