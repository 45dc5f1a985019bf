package io.workermodel.worker.boot.tomcat;

import java.util.LinkedHashMap;
import java.util.Map;

import io.workermodel.testapp.HostileRequests;
import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests, sent as raw bytes to each thread-based worker class on Tomcat:
 * each gets its answer within a couple of seconds, no worker is harmed, and the counts stay
 * consistent.
 */
@DisabledIfSystemProperty(named = "starter.test.server", matches = "jetty", disabledReason = "Tomcat's own")
class HostileHttpTest {

	/** The status line each case gets from Tomcat; RFC 9112 prescribes 505 and 501 for two of them. */
	private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

	static {
		HostileRequests.CASES.keySet().forEach((name) -> EXPECTED.put(name, "HTTP/1.1 400"));
		EXPECTED.put("unsupported version", "HTTP/1.1 505");
		EXPECTED.put("unknown transfer coding", "HTTP/1.1 501");
		EXPECTED.put("oversized method", "HTTP/1.1 405");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "sync", "gthread", "virtual" })
	void everyHostileRequestGetsItsAnswerAndHarmsNoWorker(String workerClass) throws Exception {
		try (RunningApp app = RunningApp.start("worker.class=" + workerClass, "worker.workers=2", "worker.threads=2",
				"worker.connections=2")) {
			assertThat(HostileRequests.answers(app.port())).isEqualTo(EXPECTED);
			// Tomcat frames it by its chunks, as RFC 9112 says, answers it, and closes the connection.
			String smuggled = HostileRequests.readUntilClosed(app.port(), HostileRequests.SMUGGLING);
			assertThat(smuggled).startsWith("HTTP/1.1 200").contains("Connection: close").endsWith("abc");
			assertThat(smuggled.split("HTTP/1.1 ", -1)).hasSize(2);
			HostileRequests.assertUnharmed(app);
		}
	}

}
