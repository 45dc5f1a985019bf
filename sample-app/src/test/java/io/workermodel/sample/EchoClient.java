package io.workermodel.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client on the sample's {@code /ws/echo}: sends a text and waits for its echo. */
final class EchoClient implements WebSocket.Listener, AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private final WebSocket socket;

	EchoClient(HttpClient client, int port) {
		this.socket = client.newWebSocketBuilder()
			.connectTimeout(PATIENCE)
			.buildAsync(URI.create("ws://localhost:" + port + "/ws/echo"), this)
			.join();
	}

	/** Sends {@code text} and returns what came back, or null if nothing did in time. */
	String echo(String text) throws InterruptedException {
		this.socket.sendText(text, true).join();
		return this.received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
	}

	/** Whether the server closed the socket or it failed. */
	boolean isClosed() {
		return this.closed.isDone();
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.received.add(this.partial.toString());
			this.partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.completeExceptionally(error);
	}

	@Override
	public void close() {
		this.socket.abort();
	}

}
