package io.workermodel.worker.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.workermodel.worker.WorkerClass;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The starter's shape: its packages (the shared one, each server's, WebFlux's, Actuator's) import
 * each other one way only, and none tests for a worker class by name.
 */
class ArchitectureTest {

	private static final JavaClasses STARTER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(WorkerAutoConfiguration.class.getPackageName());

	@Test
	void noPackageCycles() {
		slices().matching("io.workermodel.(**)").should().beFreeOfCycles().check(STARTER);
	}

	@Test
	void noClassIsTestedForByName() {
		for (WorkerClass workerClass : WorkerClass.values()) {
			noClasses().should()
				.accessField(WorkerClass.class, workerClass.name())
				.because("what makes a class what it is is asked of the class, not tested for by name")
				.check(STARTER);
		}
	}

}
