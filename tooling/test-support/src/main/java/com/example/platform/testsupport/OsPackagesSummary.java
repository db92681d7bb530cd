package com.example.platform.testsupport;

import java.util.List;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, when a test JVM's tests are done, what {@link OsPackages} installed or skipped,
 * so the build output lists it (registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}).
 */
public class OsPackagesSummary implements TestExecutionListener {

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		List<String> lines = OsPackages.summary();
		if (!lines.isEmpty()) {
			System.out.println("[OS packages] " + String.join(System.lineSeparator() + "[OS packages] ", lines));
		}
	}

}
