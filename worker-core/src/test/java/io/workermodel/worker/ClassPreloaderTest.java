package io.workermodel.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every class of the worker model's package is loaded, from where it is, before any request. */
class ClassPreloaderTest {

	@Test
	void loadsEveryClassOfThePackageAndThoseUnderIt() throws Exception {
		int loaded = ClassPreloader.loadPackageOf(Arbiter.class);

		assertThat(loaded).isGreaterThan(40);
		assertThat(loaded).isEqualTo(ClassPreloader.loadPackageOf(Watchdog.class));
	}

}
