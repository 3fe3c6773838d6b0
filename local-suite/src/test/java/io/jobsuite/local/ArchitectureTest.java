package io.jobsuite.local;

import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries as rules: services share only shared-model and service-web, and
 * neither knows a service.
 */
class ArchitectureTest {

	static final String[] SERVICES = { "io.jobsuite.api..", "io.jobsuite.worker..", "io.jobsuite.scheduler.." };

	static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.jobsuite");

	@Test
	void sharedModulesImportNoService() {
		noClasses().that()
			.resideInAnyPackage("io.jobsuite.model..", "io.jobsuite.web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SERVICES)
			.check(classes);
	}

	@ParameterizedTest
	@ValueSource(strings = { "io.jobsuite.api..", "io.jobsuite.worker..", "io.jobsuite.scheduler.." })
	void aServiceImportsNoOtherService(String service) {
		String[] others = Arrays.stream(SERVICES).filter(other -> !other.equals(service)).toArray(String[]::new);
		noClasses().that()
			.resideInAPackage(service)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(others)
			.check(classes);
	}

}
