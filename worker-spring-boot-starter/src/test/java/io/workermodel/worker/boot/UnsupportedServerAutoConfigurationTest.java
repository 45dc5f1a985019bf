package io.workermodel.worker.boot;

import io.workermodel.worker.Arbiter;
import io.workermodel.worker.boot.tomcat.TomcatWorkerAutoConfiguration;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** On a server the worker model cannot run yet, start-up says so instead of ignoring worker.*. */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedServerAutoConfigurationTest {

	private static final String WARNING = "The worker model runs servlet applications on Tomcat or Jetty and WebFlux applications on Reactor Netty";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TomcatWorkerAutoConfiguration.class, WorkerAutoConfiguration.class,
					UnsupportedServerAutoConfiguration.class));

	@Test
	void warnsWhenTheServerIsNotTomcat(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(output).contains(WARNING));
	}

	@Test
	void staysQuietOnTomcatOrWhenDisabled(CapturedOutput output) {
		this.runner.run((context) -> assertThat(context).hasSingleBean(Arbiter.class)
			.doesNotHaveBean("unsupportedServerWarning"));
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.withPropertyValues("worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("unsupportedServerWarning"));
		assertThat(output).doesNotContain(WARNING);
	}

}
