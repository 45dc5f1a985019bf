package io.workermodel.worker.boot.tomcat;

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

import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.ArbiterSnapshot;
import io.workermodel.worker.WorkerSnapshot;
import io.workermodel.worker.WorkerState;
import io.workermodel.worker.boot.actuate.WorkersHealthIndicator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests, sent as raw bytes to each worker class: each gets its answer
 * within a couple of seconds, no worker is harmed, and the counts stay consistent.
 */
class HostileHttpTest {

	private static final int READ_TIMEOUT_MILLIS = 5000;

	/** Each case and the status line it must get; RFC 9112 prescribes 505 and 501 for two of them. */
	private static final Map<String, String> CASES = new LinkedHashMap<>();

	private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

	static {
		hostile("bad request line", "GARBAGE\r\n\r\n", "400");
		hostile("unsupported version", "GET /thread HTTP/9.9\r\nHost: x\r\n\r\n", "505");
		hostile("two Content-Lengths", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
				"400");
		hostile("invalid chunk size", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
				"400");
		hostile("unknown transfer coding", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc", "501");
		hostile("negative Content-Length", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "400");
		hostile("oversized request line", "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "400");
		hostile("oversized header", "GET /thread HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", "400");
		hostile("too many headers", "GET /thread HTTP/1.1\r\nHost: x\r\n"
				+ IntStream.range(0, 200).mapToObj((i) -> "X-H" + i + ": v\r\n").collect(Collectors.joining()) + "\r\n",
				"400");
		hostile("NUL in a header", "GET /thread HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n", "400");
		hostile("control byte in the request line", "GET /th\u0001read HTTP/1.1\r\nHost: x\r\n\r\n", "400");
		hostile("space before a colon", "GET /thread HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n", "400");
		hostile("missing Host on HTTP/1.1", "GET /thread HTTP/1.1\r\n\r\n", "400");
		hostile("absurd method", "G@T /thread HTTP/1.1\r\nHost: x\r\n\r\n", "400");
		hostile("oversized method", "A".repeat(5000) + " /thread HTTP/1.1\r\nHost: x\r\n\r\n", "405");
	}

	private static void hostile(String name, String request, String status) {
		CASES.put(name, request);
		EXPECTED.put(name, "HTTP/1.1 " + status);
	}

	/**
	 * A request framed both by length and by chunks, with a second request hidden where the
	 * length says the first one ends. Tomcat frames it by its chunks, as RFC 9112 says, answers
	 * it, and closes the connection: the hidden request is never answered.
	 */
	private static final String SMUGGLING = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
			+ "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "sync", "gthread", "virtual" })
	void everyHostileRequestGetsItsAnswerAndHarmsNoWorker(String workerClass) throws Exception {
		try (RunningApp app = RunningApp.start("worker.class=" + workerClass, "worker.workers=2", "worker.threads=2",
				"worker.connections=2")) {
			int port = app.port();
			Map<String, String> answers = new LinkedHashMap<>();
			for (Map.Entry<String, String> hostile : CASES.entrySet()) {
				answers.put(hostile.getKey(), statusLine(port, hostile.getValue()));
			}

			assertThat(answers).isEqualTo(EXPECTED);
			String smuggled = readUntilClosed(port, SMUGGLING);
			assertThat(smuggled).startsWith("HTTP/1.1 200").contains("Connection: close").endsWith("abc");
			assertThat(smuggled.split("HTTP/1.1 ", -1)).hasSize(2);
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

	/** All the server sends until it closes the connection. */
	private static String readUntilClosed(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
