package io.workermodel.worker.boot.netty;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.workermodel.worker.WorkerLoop;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.resources.LoopResources;

/**
 * A reactive worker's event loop: one Reactor Netty loop thread, on the same transport (epoll
 * where available, else NIO) as Reactor Netty would pick, and the connections registered on it.
 */
final class NettyWorkerLoop implements WorkerLoop {

	/** How long the loop's thread may take to end once its connections are closed. */
	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

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
		this.channels.add(promise.channel());
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
		// On the loop itself, so that no request can start on a connection between the look and the close.
		this.loop.execute(() -> {
			for (Channel channel : this.channels) {
				ChannelOperations<?, ?> request = ChannelOperations.get(channel);
				if (request == null) {
					channel.close();
				}
				else {
					// The response in progress may already be committed without Connection: close.
					request.onTerminate().doFinally((signal) -> channel.close()).subscribe();
				}
			}
		});
	}

	@Override
	public void close() {
		this.channels.close();
		this.resources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).subscribe();
	}

}
