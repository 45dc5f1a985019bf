package io.workermodel.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two instances of the packaged app behind nginx, restarted one after the other with SIGTERM
 * under load: the client sees no failed request. Runs docs/deploy/nginx/rolling-restart.sh, which
 * the deployment docs point to, with this JVM's java and free ports.
 */
class RollingRestartIT {

	private static final File NGINX = new File("/usr/sbin/nginx");

	@Test
	void restartingEachInstanceInTurnBehindNginxFailsNoRequest() throws Exception {
		assumeTrue(NGINX.canExecute(), "needs Debian's nginx, as .ci/run installs");
		String java = ProcessHandle.current().info().command().orElseThrow();
		ProcessBuilder script = new ProcessBuilder("bash", "../docs/deploy/nginx/rolling-restart.sh",
				System.getProperty("sample.jar", "target/sample-app.jar"))
			.redirectErrorStream(true);
		script.environment().put("JAVA", java);
		script.environment().put("PORT_A", String.valueOf(freePort()));
		script.environment().put("PORT_B", String.valueOf(freePort()));
		script.environment().put("PORT_LB", String.valueOf(freePort()));
		Process process = script.start();

		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		System.out.print(output);
		assertThat(output).containsPattern("rolling restart: [1-9]\\d* passed, 0 failed");
		assertThat(process.exitValue()).isZero();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
