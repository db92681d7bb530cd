package com.example.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheLocationTests {

	@TempDir
	Path temp;

	@Test
	void namesTheDirectoryAfterTheJarsContentAndTheJdk() throws IOException {
		Path jar = Files.writeString(this.temp.resolve("discovery.jar"), "abc");

		AotCacheLocation location = AotCacheLocation.of(this.temp.resolve("cache"), "discovery", jar, "25.0.1");

		// sha256("abc") =
		// ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
		assertThat(location.directory()).isEqualTo(this.temp.resolve("cache/discovery-ba7816bf8f01-jdk25.0.1"));
		assertThat(location.jar()).isEqualTo(location.directory().resolve("discovery.jar"));
		assertThat(location.cache()).isEqualTo(location.directory().resolve("discovery.aot"));
	}

	@Test
	void givesAnotherBuildAnotherDirectory() throws IOException {
		Path jar = Files.writeString(this.temp.resolve("gateway.jar"), "one build");
		AotCacheLocation first = AotCacheLocation.of(this.temp, "gateway", jar, "25.0.1");
		Files.writeString(jar, "another build");

		assertThat(AotCacheLocation.of(this.temp, "gateway", jar, "25.0.1").directory())
			.isNotEqualTo(first.directory());
		assertThat(AotCacheLocation.of(this.temp, "gateway", jar, "25.0.2").directory())
			.isNotEqualTo(AotCacheLocation.of(this.temp, "gateway", jar, "25.0.1").directory());
	}

	@Test
	void keepsTheJdkVersionToCharactersSafeInAFileName() {
		assertThat(AotCacheLocation.directoryName("gateway", "0123456789ab", "25.0.1+8/LTS"))
			.isEqualTo("gateway-0123456789ab-jdk25.0.1_8_LTS");
	}

	@Test
	void tellsItsOwnApplicationsBuildsFromOthers() {
		AotCacheLocation user = new AotCacheLocation("user", this.temp.resolve("user-0123456789ab-jdk25"));

		assertThat(user.isBuildOfSameApplication("user-ba7816bf8f01-jdk25.0.1")).isTrue();
		assertThat(user.isBuildOfSameApplication("user-service-ba7816bf8f01-jdk25.0.1")).isFalse();
		assertThat(user.isBuildOfSameApplication(".extracting-user-ba7816bf8f01-jdk25.0.1")).isFalse();
	}

	@Test
	void startsWithTheCacheByItsAbsolutePathAfterTheTrainingsOptions() {
		AotCacheLocation location = new AotCacheLocation("discovery", Path.of("relative/discovery-x"));

		assertThat(location.launchOptions(List.of("-Xmx384m", "-XX:+UseSerialGC"))).containsExactly("-Xmx384m",
				"-XX:+UseSerialGC", "-XX:AOTCache=" + Path.of("relative/discovery-x/discovery.aot").toAbsolutePath());
	}

}
