package com.example.platform.benchmark;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkSettingsTests {

	private static final Path REPOSITORY = Path.of("/repo");

	@Test
	void measuresEverythingByDefault() {
		BenchmarkSettings settings = BenchmarkSettings.parse(REPOSITORY);

		assertThat(BenchmarkSettings.SCENARIOS).allMatch(settings::measures);
		assertThat(settings.results()).isEqualTo(REPOSITORY.resolve("tooling/benchmarks/results"));
		assertThat(settings.jvmOptions()).isEqualTo(BenchmarkSettings.DEFAULT_JVM_OPTIONS);
		assertThat(settings.aotCache()).isFalse();
		assertThat(settings.eventDuration()).hasSeconds(60);
	}

	@Test
	void runsTheMeasuredPlatformOnAotCachesWhenAsked() {
		assertThat(BenchmarkSettings.parse(REPOSITORY, "--aot-cache=true").aotCache()).isTrue();
	}

	@Test
	void measuresOnlyTheChosenScenarios() {
		BenchmarkSettings settings = BenchmarkSettings.parse(REPOSITORY, "--scenarios=reads,orders",
				"--jvm-options=-Xmx512m -XX:+UseSerialGC");

		assertThat(BenchmarkSettings.SCENARIOS).filteredOn(settings::measures).containsExactly("reads", "orders");
		assertThat(settings.jvmOptions()).containsExactly("-Xmx512m", "-XX:+UseSerialGC");
	}

	@Test
	void measuresTheCostOfMutualTlsOnItsOwn() {
		BenchmarkSettings settings = BenchmarkSettings.parse(REPOSITORY, "--scenarios=tls");

		assertThat(BenchmarkSettings.SCENARIOS).filteredOn(settings::measures).containsExactly("tls");
	}

	@Test
	void rejectsCacheMissesWithoutTheCachedReadsTheyAreComparedWith() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.parse(REPOSITORY, "--scenarios=misses"))
			.withMessageContaining("misses need reads");
	}

	@Test
	void rejectsUnknownScenariosAndOptions() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.parse(REPOSITORY, "--scenarios=speed"))
			.withMessageContaining("speed");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.parse(REPOSITORY, "--fast=yes"))
			.withMessageContaining("fast");
	}

	@Test
	void rejectsWhatIsNotAWholeNumberByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkSettings.parse(REPOSITORY, "--rounds=three"))
			.withMessage("--rounds takes a whole number, not 'three'");
	}

	@Test
	void namesEveryOptionItTakesWithTheDefaultItUses() {
		assertThat(BenchmarkSettings.usage()).contains("--rounds=3", "--duration-seconds=10",
				"--scenarios=reads,misses,orders,events,aot,tls",
				"--jvm-options=\"-Xms64m -Xmx384m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders\"");
		BenchmarkSettings defaults = BenchmarkSettings.parse(REPOSITORY);
		BenchmarkSettings.OPTIONS
			.forEach((name, fallback) -> assertThat(BenchmarkSettings.parse(REPOSITORY, "--" + name + "=" + fallback))
				.isEqualTo(defaults));
	}

}
