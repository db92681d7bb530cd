package com.example.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Extracts and trains discovery, the smallest application, as {@code --aot-cache} does.
 */
class AotCachesIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	/** Refreshing the context binds no port, but a fixed one could still clash. */
	private static final Map<String, String> ENVIRONMENT = Map.of("SERVER_PORT", "0");

	@TempDir
	Path temp;

	@Test
	void trainsACacheTheJvmAcceptsAndReusesItOnTheNextStart() throws IOException {
		Path jar = Repository.path("discovery/target/discovery.jar");
		assumeTrue(Files.isRegularFile(jar), "Needs " + jar + ": ./mvnw -pl discovery -am package -DskipTests");
		Path logs = Files.createDirectories(this.temp.resolve("logs"));
		AotCommands commands = AotCommands.current(PlatformSettings.DEFAULT_JVM_OPTIONS);

		AotCaches first = new AotCaches(this.temp.resolve("aot-cache"), commands, logs, TIMEOUT);
		Optional<AotCacheLocation> trained = first.prepare("discovery", jar, () -> ENVIRONMENT);

		assertThat(trained).hasValueSatisfying((location) -> {
			assertThat(location.jar()).isRegularFile();
			assertThat(location.jar().resolveSibling("lib")).isDirectory();
			assertThat(location.cache()).isRegularFile();
			assertThat(location.directory()).isDirectoryNotContaining("glob:**/training-*");
		});
		assertThat(first.trainingTimes()).containsOnlyKeys("discovery");
		assertThat(JvmRun.succeeds(commands.check(trained.orElseThrow()), Map.of(), logs.resolve("check.log"), TIMEOUT))
			.as("the JVM accepts the cache with -XX:AOTMode=on")
			.isTrue();

		AotCaches second = new AotCaches(this.temp.resolve("aot-cache"), commands, logs, TIMEOUT);
		assertThat(second.prepare("discovery", jar, () -> ENVIRONMENT)).isEqualTo(trained);
		assertThat(second.trainingTimes()).isEmpty();
	}

}
