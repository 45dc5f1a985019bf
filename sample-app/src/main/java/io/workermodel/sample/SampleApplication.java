package io.workermodel.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application whose requests run on the worker model: Spring MVC on Tomcat by default, WebFlux
 * on Reactor Netty with the {@code reactive} profile.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
