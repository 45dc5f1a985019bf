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
			.isThrownBy(() -> new WorkerSettings(WorkerClass.SYNC, 0, 1, 1, 1, Duration.ZERO, Duration.ZERO, 0, 0,
					Duration.ZERO))
			.withMessage("Invalid worker setting 'workers': '0' (accepted: an integer of at least 1)");
	}

	@Test
	void refusesANegativeBacklogAndDuration() {
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> new WorkerSettings(WorkerClass.SYNC, 1, 1, 1, -1, Duration.ZERO, Duration.ZERO, 0, 0,
					Duration.ZERO))
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("backlog");
		assertThatExceptionOfType(InvalidWorkerSettingException.class)
			.isThrownBy(() -> new WorkerSettings(WorkerClass.SYNC, 1, 1, 1, 1, Duration.ofSeconds(-1), Duration.ZERO, 0, 0,
					Duration.ZERO))
			.extracting(InvalidWorkerSettingException::getSetting)
			.isEqualTo("timeout");
	}

	@Test
	void capacityIsWhatOneWorkerOfTheClassRunsAtOnce() {
		assertThat(settings(WorkerClass.SYNC).capacity()).isEqualTo(1);
		assertThat(settings(WorkerClass.GTHREAD).capacity()).isEqualTo(8);
		assertThat(settings(WorkerClass.VIRTUAL).capacity()).isEqualTo(500);
	}

	private WorkerSettings settings(WorkerClass workerClass) {
		return new WorkerSettings(workerClass, 2, 8, 500, 10, Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO);
	}

}
