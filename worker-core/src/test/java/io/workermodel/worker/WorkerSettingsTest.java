package io.workermodel.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Bad settings are refused with the setting, the value and what is accepted. */
class WorkerSettingsTest {

	@Test
	void namesTheClassesItAcceptsForAnUnknownOne() {
		assertThatExceptionOfType(InvalidWorkerSettingException.class).isThrownBy(() -> WorkerClass.of("bogus"))
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo("class");
				assertThat(ex.getValue()).isEqualTo("bogus");
				assertThat(ex.getAccepted()).isEqualTo("one of sync, gthread, virtual, reactive");
			});
	}

	@Test
	void readsClassNamesIgnoringCase() {
		assertThat(WorkerClass.of(" GThread")).isEqualTo(WorkerClass.GTHREAD);
	}

	@Test
	void refusesTooFewWorkers() {
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.SYNC).workers(0).build())
			.withMessage("Invalid worker setting 'workers': '0' (accepted: an integer from 1 to 1024)");
	}

	@Test
	void refusesNumbersATypoMakesThatWouldExhaustTheMachine() {
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.VIRTUAL).workers(100_000).build())
			.extracting(InvalidWorkerSettingException::getSetting, InvalidWorkerSettingException::getAccepted)
			.containsExactly("workers", "an integer from 1 to " + WorkerSettings.MAX_WORKERS);
		// 600 gthread workers of 50 threads, typed for 6: 30,000 platform threads.
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.GTHREAD).workers(600).build())
			.extracting(InvalidWorkerSettingException::getSetting, InvalidWorkerSettingException::getAccepted)
			.containsExactly("workers", "at most 200 with 50 threads each");
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.GTHREAD)
				.autoscale(new WorkerSettings.Autoscale(1, 1000))
				.build())
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("autoscale.max");
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.VIRTUAL).connections(1_000_000).build())
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("connections");
		// Virtual threads and loops start no platform thread per connection.
		assertThat(WorkerSettings.builder(WorkerClass.VIRTUAL).workers(600).build().workers()).isEqualTo(600);
	}

	@Test
	void refusesANegativeBacklogAndDuration() {
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.SYNC).backlog(-1).build())
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("backlog");
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> WorkerSettings.builder(WorkerClass.SYNC).timeout(Duration.ofSeconds(-1)).build())
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("timeout");
	}

	@Test
	void refusesAutoscaleBoundsThatHoldNoWorkerOrCross() {
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> new WorkerSettings.Autoscale(0, 3))
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("autoscale.min");
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> new WorkerSettings.Autoscale(4, 2))
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("autoscale.max");
		assertThat(new WorkerSettings.Autoscale(2, 2).enabled()).isTrue();
		assertThat(WorkerSettings.Autoscale.OFF.enabled()).isFalse();
	}

	@Test
	void capacityIsWhatOneWorkerOfTheClassRunsAtOnce() {
		assertThat(settings(WorkerClass.SYNC).capacity()).isEqualTo(1);
		assertThat(settings(WorkerClass.GTHREAD).capacity()).isEqualTo(8);
		assertThat(settings(WorkerClass.VIRTUAL).capacity()).isEqualTo(500);
	}

	private WorkerSettings settings(WorkerClass workerClass) {
		return WorkerSettings.builder(workerClass).workers(2).threads(8).connections(500).build();
	}

}
