package io.workermodel.worker.boot.netty;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.util.Version;
import io.workermodel.testapp.HostileRequests;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus against Reactor Netty, on the reactive class and on a thread-based class
 * running blocking handlers: every case is refused with a 4xx (or the 505 and 501 RFC 9112
 * prescribes) before any worker runs it, and no worker is harmed.
 */
class NettyHostileHttpTest {

	/** Netty's own decoder answers most; the starter's conformance filter the rest. */
	private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

	static {
		HostileRequests.CASES.keySet().forEach((name) -> EXPECTED.put(name, "HTTP/1.1 400 Bad Request"));
		// Reactor Netty answers in the version the request named.
		EXPECTED.put("unsupported version", "HTTP/9.9 505 HTTP Version Not Supported");
		EXPECTED.put("unknown transfer coding", netty4218OrLater() ? "HTTP/1.1 400 Bad Request" : "HTTP/1.1 501 Not Implemented");
		EXPECTED.put("oversized request line", "HTTP/1.1 414 Request-URI Too Long");
		EXPECTED.put("oversized method", "HTTP/1.1 414 Request-URI Too Long");
		EXPECTED.put("oversized header", "HTTP/1.1 431 Request Header Fields Too Large");
		EXPECTED.put("too many headers", "HTTP/1.1 431 Request Header Fields Too Large");
	}

	/**
	 * From 4.2.18 (Spring Boot 4.1's line), Netty's decoder refuses an unknown transfer coding
	 * itself, with 400, before the conformance filter would answer the 501 RFC 9112 prefers.
	 */
	private static boolean netty4218OrLater() {
		String[] version = Version.identify().get("netty-common").artifactVersion().split("[.]");
		int minor = Integer.parseInt(version[1]);
		int patch = Integer.parseInt(version[2]);
		return Integer.parseInt(version[0]) > 4 || minor > 2 || (minor == 2 && patch >= 18);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "reactive", "gthread" })
	void everyHostileRequestIsRefusedAndHarmsNoWorker(String workerClass) throws Exception {
		try (RunningApp app = RunningApp.startReactive("worker.class=" + workerClass, "worker.workers=2")) {
			assertThat(HostileRequests.answers(app.port())).isEqualTo(EXPECTED);
			// Netty refuses a request framed both ways, so the hidden one is never answered.
			String smuggled = HostileRequests.readUntilClosed(app.port(), HostileRequests.SMUGGLING);
			assertThat(smuggled).startsWith("HTTP/1.1 400");
			assertThat(smuggled.split("HTTP/1.1 ", -1)).hasSize(2);
			HostileRequests.assertUnharmed(app);
		}
	}

}
