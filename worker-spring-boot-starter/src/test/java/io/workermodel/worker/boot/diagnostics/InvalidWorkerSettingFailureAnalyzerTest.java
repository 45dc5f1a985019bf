package io.workermodel.worker.boot.diagnostics;

import io.workermodel.testapp.RunningApp;
import io.workermodel.worker.boot.WorkerAutoConfiguration;
import io.workermodel.worker.boot.tomcat.TomcatWorkerAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A bad worker.* value stops start-up with a report naming the property, the value and what is accepted. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidWorkerSettingFailureAnalyzerTest {

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TomcatWorkerAutoConfiguration.class, WorkerAutoConfiguration.class));

	@Test
	void anApplicationThatFailsToStartPrintsTheReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningApp.start("worker.workers=0"));

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0' for property 'worker.workers'. Accepted: an integer from 1 to 1024.");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			worker.class=bogus          | Invalid value 'bogus' for property 'worker.class'. Accepted: one of sync, gthread, virtual, reactive.
			worker.workers=0            | Invalid value '0' for property 'worker.workers'. Accepted: an integer from 1 to 1024.
			worker.backlog=-5           | Invalid value '-5' for property 'worker.backlog'. Accepted: an integer of at least 0.
			worker.max-requests=-1      | Invalid value '-1' for property 'worker.max-requests'. Accepted: an integer of at least 0.
			worker.class=reactive       | Invalid value 'reactive' for property 'worker.class'. It cannot be used here: this is a servlet application on Tomcat
			worker.timeout=-1           | Invalid value '-1s' for property 'worker.timeout'. Accepted: a duration of zero or more, such as 30s.
			worker.autoscale.min=5,worker.autoscale.max=2 | Invalid value '2' for property 'worker.autoscale.max'. Accepted: an integer from worker.autoscale.min (5) to 1024.
			""")
	void theReportNamesThePropertyTheValueAndTheAcceptedValues(String property, String expected) {
		this.servlet.withPropertyValues(property.split(",")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidWorkerSettingFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(expected);
			if (property.startsWith("worker.class=reactive")) {
				assertThat(analysis.getAction()).contains("Set 'worker.class' to one of sync, gthread, virtual.");
			}
		});
	}

}
