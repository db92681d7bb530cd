package com.example.platform.user;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ModularityTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.example.platform.user");

	@Test
	void featuresHaveNoCycles() {
		slices().matching("com.example.platform.user.(*)..").should().beFreeOfCycles().check(classes);
	}

	// The order count is a projection written with its own SQL, so users and order events
	// evolve independently: neither feature may reach into the other.
	@Test
	void userFeatureDoesNotDependOnOrderCounting() {
		noClasses().that()
			.resideInAPackage("..user.accounts..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..user.orderstats..")
			.check(classes);
	}

	// Authentication uses the user feature's public face, never the other way round.
	@Test
	void userFeatureDoesNotDependOnAuthentication() {
		noClasses().that()
			.resideInAPackage("..user.accounts..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..user.auth..")
			.check(classes);
	}

	@Test
	void orderCountingDoesNotDependOnUserFeature() {
		noClasses().that()
			.resideInAPackage("..user.orderstats..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..user.accounts..")
			.check(classes);
	}

	// The auth feature serves the token endpoint and the key set; config holds the one
	// problem handler.
	@Test
	void onlyTheUserAndAuthFeaturesServeHttp() {
		noClasses().that()
			.resideOutsideOfPackages("..user.accounts..", "..user.auth..", "..user.config..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.web.bind.annotation..")
			.check(classes);
	}

}
