package io.workermodel.testapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;
import io.workermodel.worker.boot.actuate.WorkersHealthIndicator;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests, as raw bytes, and what a server must still be after them. The
 * requests name {@code /thread} and {@code /echo}, which every test application has.
 */
public final class HostileRequests {

	private static final int READ_TIMEOUT_MILLIS = 5000;

	/** Each case by name; each server's test says which status line each must get. */
	public static final Map<String, String> CASES = new LinkedHashMap<>();

	static {
		CASES.put("bad request line", "GARBAGE\r\n\r\n");
		CASES.put("unsupported version", "GET /thread HTTP/9.9\r\nHost: x\r\n\r\n");
		CASES.put("two Content-Lengths",
				"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");
		CASES.put("invalid chunk size",
				"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n");
		CASES.put("unknown transfer coding", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc");
		CASES.put("negative Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
		CASES.put("oversized request line", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
		CASES.put("oversized header", "GET /thread HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
		CASES.put("too many headers", "GET /thread HTTP/1.1\r\nHost: x\r\n"
				+ IntStream.range(0, 200).mapToObj((i) -> "X-H" + i + ": v\r\n").collect(Collectors.joining()) + "\r\n");
		CASES.put("NUL in a header", "GET /thread HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n");
		CASES.put("control byte in the request line", "GET /th\u0001read HTTP/1.1\r\nHost: x\r\n\r\n");
		CASES.put("space before a colon", "GET /thread HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n");
		CASES.put("missing Host on HTTP/1.1", "GET /thread HTTP/1.1\r\n\r\n");
		CASES.put("absurd method", "G@T /thread HTTP/1.1\r\nHost: x\r\n\r\n");
		CASES.put("oversized method", "A".repeat(5000) + " /thread HTTP/1.1\r\nHost: x\r\n\r\n");
	}

	/**
	 * A request framed both by length and by chunks, with a second request hidden where the
	 * length says the first one ends: it must never be answered.
	 */
	public static final String SMUGGLING = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
			+ "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

	private HostileRequests() {
	}

	/** Sends every case on a connection of its own: the status line each got, by name. */
	public static Map<String, String> answers(int port) throws IOException {
		Map<String, String> answers = new LinkedHashMap<>();
		for (Map.Entry<String, String> hostile : CASES.entrySet()) {
			answers.put(hostile.getKey(), statusLine(port, hostile.getValue()));
		}
		return answers;
	}

	/** All the server sends until it closes the connection. */
	public static String readUntilClosed(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	/** Every worker serves on in its first generation, health is UP, and the counts add up. */
	public static void assertUnharmed(RunningApp app) {
		assertThat(app.get("/thread").statusCode()).isEqualTo(200);
		assertThat(app.context.getBean(WorkersHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
		ArbiterSnapshot snapshot = app.arbiter().snapshot();
		assertThat(snapshot.workers()).allSatisfy((worker) -> {
			assertThat(worker.state()).isEqualTo(WorkerState.SERVING);
			assertThat(worker.generation()).isEqualTo(1);
		});
		assertThat(snapshot.backlog()).isZero();
		assertThat(snapshot.requests()).isEqualTo(snapshot.workers().stream().mapToLong(WorkerSnapshot::requests).sum());
		assertThat(snapshot.retired().count()).isZero();
	}

	/** The first line of the answer, or CLOSED when the server closed the connection without one. */
	private static String statusLine(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			try {
				for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
					line.write(b);
				}
			}
			catch (SocketTimeoutException ex) {
				return "NO ANSWER WITHIN " + READ_TIMEOUT_MILLIS + " ms";
			}
			return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1).strip() : "CLOSED";
		}
	}

}
