package com.example.platform.local;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AotCommandsTests {

	private final AotCommands commands = new AotCommands(Path.of("/jdk/bin/java"),
			List.of("-Xmx384m", "-XX:+UseSerialGC"));

	private final AotCacheLocation location = new AotCacheLocation("discovery", Path.of("/cache/discovery-x"));

	@Test
	void extractsWithSpringBootsToolsIntoTheGivenDirectory() {
		assertThat(this.commands.extract(Path.of("/work/jars/discovery.jar"), Path.of("/cache/.extracting-x"),
				"discovery.jar"))
			.containsExactly("/jdk/bin/java", "-Djarmode=tools", "-jar", "/work/jars/discovery.jar", "extract",
					"--destination", "/cache/.extracting-x", "--application-filename", "discovery.jar");
	}

	@Test
	void trainsWithTheApplicationsOptionsAndEveryPropertyBeforeTheJar() {
		List<String> command = this.commands.train(this.location, Path.of("/cache/discovery-x/training-1.aot"));

		assertThat(command).startsWith("/jdk/bin/java", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:AOTCacheOutput=/cache/discovery-x/training-1.aot");
		assertThat(command).endsWith("-jar", "/cache/discovery-x/discovery.jar");
		assertThat(command).containsAll(AotCommands.TRAINING_OVERRIDES);
		assertThat(command.indexOf("-Dspring.context.exit=onRefresh")).isLessThan(command.indexOf("-jar"));
	}

	@Test
	void checksTheCacheWithoutStartingTheApplication() {
		assertThat(this.commands.check(this.location)).containsExactly("/jdk/bin/java", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:AOTMode=on", "-XX:AOTCache=/cache/discovery-x/discovery.aot", "-cp",
				"/cache/discovery-x/discovery.jar", "-version");
	}

	@Test
	void makesEveryPathAbsolute() {
		AotCommands relative = new AotCommands(Path.of("bin/java"), List.of());
		AotCacheLocation here = new AotCacheLocation("gateway", Path.of("cache/gateway-x"));

		List<String> command = relative.train(here, Path.of("cache/gateway-x/training.aot"));

		assertThat(Path.of(command.getFirst())).isAbsolute();
		assertThat(command).contains("-XX:AOTCacheOutput=" + Path.of("cache/gateway-x/training.aot").toAbsolutePath());
		assertThat(Path.of(command.getLast())).isAbsolute();
		assertThat(Path.of(relative.check(here).get(relative.check(here).indexOf("-cp") + 1))).isAbsolute();
	}

}
