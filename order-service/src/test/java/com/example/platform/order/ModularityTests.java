package com.example.platform.order;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ModularityTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("com.example.platform.order");

	@Test
	void featuresAreFreeOfCycles() {
		slices().matching("com.example.platform.order.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void userClientKnowsNothingAboutOrders() {
		noClasses().that()
			.resideInAPackage("..order.user..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..order.orders..", "..order.event..")
			.check(CLASSES);
	}

	@Test
	void catalogKnowsNothingAboutOrdersOrUsers() {
		noClasses().that()
			.resideInAPackage("..order.catalog..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..order.orders..", "..order.event..", "..order.user..")
			.check(CLASSES);
	}

}
