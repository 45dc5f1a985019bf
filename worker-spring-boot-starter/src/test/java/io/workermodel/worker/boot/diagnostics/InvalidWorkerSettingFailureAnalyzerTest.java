package io.workermodel.worker.boot.diagnostics;

import io.workermodel.testapp.RunningApp;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A bad worker.* value stops start-up with a report naming the property, the value and what is accepted. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidWorkerSettingFailureAnalyzerTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			worker.class=bogus          | Invalid value 'bogus' for property 'worker.class'. Accepted: one of sync, gthread, virtual, reactive.
			worker.workers=0            | Invalid value '0' for property 'worker.workers'. Accepted: an integer from 1 to 1024.
			worker.backlog=-5           | Invalid value '-5' for property 'worker.backlog'. Accepted: an integer of at least 0.
			worker.max-requests=-1      | Invalid value '-1' for property 'worker.max-requests'. Accepted: an integer of at least 0.
			worker.class=reactive       | Invalid value 'reactive' for property 'worker.class'. It cannot be used here: this is a servlet application on Tomcat
			worker.autoscale.min=2      | Invalid value '(not set)' for property 'worker.autoscale.max'. It cannot be used here: autoscaling needs both
			worker.autoscale.max=0      | Invalid value '(not set)' for property 'worker.autoscale.min'.
			""")
	void stopsStartUpWithAReportThatNamesThePropertyTheValueAndTheAcceptedValues(String property, String expected,
			CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningApp.start(property));

		assertThat(output).contains("APPLICATION FAILED TO START").contains(expected);
		if (property.startsWith("worker.class=reactive")) {
			assertThat(output).contains("Set 'worker.class' to one of sync, gthread, virtual.");
		}
	}

}
