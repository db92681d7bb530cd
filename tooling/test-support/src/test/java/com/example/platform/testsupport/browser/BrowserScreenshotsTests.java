package com.example.platform.testsupport.browser;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrowserScreenshotsTests {

	@Test
	void keepsScreenshotsInTheModulesTargetUnlessAskedToUpdateTheDocumentation() {
		Path module = Path.of("").toAbsolutePath();

		assertThat(Browser.screenshotDirectory(false)).isEqualTo(module.resolve("target/screenshots"));
		assertThat(Browser.screenshotDirectory(true)).isEqualTo(module.getParent().getParent().resolve("docs/images"));
	}

}
