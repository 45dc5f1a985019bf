package io.workermodel.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter as a team outside this build gets it: its artifacts installed in the local
 * repository (with their sources and javadoc), and a small Spring MVC application, built by Maven
 * on its own against them with nothing but the README's dependency line, runs its requests on the
 * workers and shows them in the endpoint.
 */
class InstalledStarterIT {

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String VERSION = System.getProperty("starter.version");

	private static final String BOOT_VERSION = System.getProperty("spring-boot.version");

	@Test
	void anApplicationOutsideTheBuildPicksTheStarterUpFromTheLocalRepository(@TempDir Path app) throws Exception {
		install("pom.xml", null);
		install("worker-core/pom.xml", "worker-core/target/worker-core-" + VERSION);
		install("worker-spring-boot-starter/pom.xml", "worker-spring-boot-starter/target/worker-spring-boot-starter-" + VERSION);

		Path jar = ROOT.resolve("worker-spring-boot-starter/target/worker-spring-boot-starter-" + VERSION + ".jar");
		try (JarFile starter = new JarFile(jar.toFile())) {
			assertThat(starter.getEntry("META-INF/spring-configuration-metadata.json")).isNotNull();
		}

		writeApplication(app);
		run(app, List.of("mvn", "-B", "-q", "package", "-DskipTests"));

		int port = freePort();
		Process running = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-jar",
				app.resolve("target/outside-app.jar").toString(), "--server.port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(app.resolve("app.log").toFile())
			.start();
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpRequest where = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/where")).build();
			await().atMost(PATIENCE).ignoreExceptions().until(() -> {
				assertThat(running.isAlive()).as("the application exited; see %s", app.resolve("app.log")).isTrue();
				return client.send(where, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
			});
			assertThat(client.send(where, HttpResponse.BodyHandlers.ofString()).body()).matches("worker-\\d+-thread-\\d+");
			HttpRequest workers = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/workers")).build();
			assertThat(client.send(workers, HttpResponse.BodyHandlers.ofString()).body()).contains("\"workerClass\":\"gthread\"");
		}
		finally {
			running.destroy();
			running.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
		}
	}

	/** Installs a module as the build made it: its POM, and its jars where it has them. */
	private static void install(String pom, String jarsBase) throws Exception {
		Stream<String> files = (jarsBase != null) ? Stream.of("-Dfile=" + jarsBase + ".jar",
				"-Dsources=" + jarsBase + "-sources.jar", "-Djavadoc=" + jarsBase + "-javadoc.jar")
				: Stream.of("-Dfile=" + pom);
		run(ROOT, Stream.concat(Stream.of("mvn", "-B", "-q", "-N",
				"org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file", "-DpomFile=" + pom), files)
			.toList());
	}

	/** A Spring MVC application whose only worker model line is the README's dependency. */
	private static void writeApplication(Path app) throws IOException {
		Files.writeString(app.resolve("pom.xml"), """
				<project xmlns="http://maven.apache.org/POM/4.0.0">
				  <modelVersion>4.0.0</modelVersion>
				  <groupId>com.example</groupId>
				  <artifactId>outside-app</artifactId>
				  <version>1</version>
				  <properties>
				    <maven.compiler.release>17</maven.compiler.release>
				    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
				  </properties>
				  <dependencyManagement>
				    <dependencies>
				      <dependency>
				        <groupId>org.springframework.boot</groupId>
				        <artifactId>spring-boot-dependencies</artifactId>
				        <version>%1$s</version>
				        <type>pom</type>
				        <scope>import</scope>
				      </dependency>
				    </dependencies>
				  </dependencyManagement>
				  <dependencies>
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-webmvc</artifactId>
				    </dependency>
				    <dependency>
				      <groupId>org.springframework.boot</groupId>
				      <artifactId>spring-boot-starter-actuator</artifactId>
				    </dependency>
				    <dependency>
				      <groupId>io.workermodel</groupId>
				      <artifactId>worker-spring-boot-starter</artifactId>
				      <version>%2$s</version>
				    </dependency>
				  </dependencies>
				  <build>
				    <finalName>outside-app</finalName>
				    <plugins>
				      <plugin>
				        <groupId>org.apache.maven.plugins</groupId>
				        <artifactId>maven-compiler-plugin</artifactId>
				        <version>3.14.1</version>
				      </plugin>
				      <plugin>
				        <groupId>org.apache.maven.plugins</groupId>
				        <artifactId>maven-resources-plugin</artifactId>
				        <version>3.3.1</version>
				      </plugin>
				      <plugin>
				        <groupId>org.apache.maven.plugins</groupId>
				        <artifactId>maven-surefire-plugin</artifactId>
				        <version>3.5.4</version>
				      </plugin>
				      <plugin>
				        <groupId>org.apache.maven.plugins</groupId>
				        <artifactId>maven-jar-plugin</artifactId>
				        <version>3.4.2</version>
				      </plugin>
				      <plugin>
				        <groupId>org.springframework.boot</groupId>
				        <artifactId>spring-boot-maven-plugin</artifactId>
				        <version>%1$s</version>
				        <executions>
				          <execution>
				            <goals>
				              <goal>repackage</goal>
				            </goals>
				          </execution>
				        </executions>
				      </plugin>
				    </plugins>
				  </build>
				</project>
				""".formatted(BOOT_VERSION, VERSION));
		Path code = Files.createDirectories(app.resolve("src/main/java/com/example"));
		Files.writeString(code.resolve("OutsideApplication.java"), """
				package com.example;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@SpringBootApplication
				@RestController
				public class OutsideApplication {

					public static void main(String[] args) {
						SpringApplication.run(OutsideApplication.class, args);
					}

					@GetMapping("/where")
					String where() {
						return Thread.currentThread().getName();
					}

				}
				""");
		Path resources = Files.createDirectories(app.resolve("src/main/resources"));
		Files.writeString(resources.resolve("application.properties"),
				"management.endpoints.web.exposure.include=health,workers\n");
	}

	private static void run(Path directory, List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as(output).isTrue();
		assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
