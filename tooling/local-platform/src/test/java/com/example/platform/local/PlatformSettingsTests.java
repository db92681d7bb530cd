package com.example.platform.local;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlatformSettingsTests {

	@Test
	void putsEveryActuatorOnAPortOfItsOwnByDefault() {
		PlatformSettings settings = PlatformSettings.parse("--repository=.");

		assertThat(settings.userServiceManagementPort()).isEqualTo(8181);
		assertThat(settings.orderServiceManagementPort()).isEqualTo(8191);
		assertThat(settings.gatewayManagementPort()).isEqualTo(8079);
	}

	@Test
	void readsManagementPortsFromTheCommandLine() {
		PlatformSettings settings = PlatformSettings.parse("--repository=.", "--user-service-management-port=9181",
				"--order-service-management-port=9191");

		assertThat(settings.userServiceManagementPort()).isEqualTo(9181);
		assertThat(settings.orderServiceManagementPort()).isEqualTo(9191);
	}

	@Test
	void isolatedSettingsChooseFreeManagementPortsApartFromTheTrafficPorts() {
		PlatformSettings settings = PlatformSettings.isolated(Path.of("."), Path.of("target/isolated"));

		assertThat(settings.userServiceManagementPort()).isNotIn(8181, settings.userServicePort(),
				settings.userServicePort() + 1);
		assertThat(settings.orderServiceManagementPort()).isNotIn(8191, settings.orderServicePort(),
				settings.orderServicePort() + 1);
	}

	@Test
	void rejectsAManagementPortThatIsNotAPort() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlatformSettings.parse("--repository=.", "--user-service-management-port=70000"))
			.withMessageContaining("user-service-management-port");
	}

	@Test
	void tracesIntoZipkinOnItsUsualPortByDefault() {
		PlatformSettings settings = PlatformSettings.parse("--repository=/repo");

		assertThat(settings.traces()).isTrue();
		assertThat(settings.zipkinPort()).isEqualTo(9411);
		assertThat(settings.zipkinJar())
			.isEqualTo(Path.of("/repo/tooling/local-platform/target/zipkin/zipkin-server.jar"));
	}

	@Test
	void bindsEverythingButTheGatewaysPublicPortToLoopbackUnlessToldOtherwise() {
		assertThat(PlatformSettings.parse("--repository=.").bindAddress()).isEqualTo("127.0.0.1");
		assertThat(PlatformSettings.parse("--repository=.", "--bind-address=0.0.0.0").bindAddress())
			.isEqualTo("0.0.0.0");
	}

	@Test
	void runsMutualTlsUnlessAMeasurementTurnsItOff() {
		assertThat(PlatformSettings.parse("--repository=.").mutualTls()).isTrue();
		assertThat(PlatformSettings.parse("--repository=.").scheme()).isEqualTo("https");
		PlatformSettings plain = PlatformSettings.parse("--repository=.", "--mutual-tls=false");
		assertThat(plain.mutualTls()).isFalse();
		assertThat(plain.scheme()).isEqualTo("http");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlatformSettings.parse("--repository=.", "--mutual-tls=no"))
			.withMessageContaining("mutual-tls");
	}

	@Test
	void runsWithoutTracesWhenAsked() {
		assertThat(PlatformSettings.parse("--repository=.", "--traces=false").traces()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> PlatformSettings.parse("--repository=.", "--traces=off"))
			.withMessageContaining("traces");
	}

	@Test
	void isolatedSettingsChooseAFreeZipkinPort() {
		assertThat(PlatformSettings.isolated(Path.of("."), Path.of("target/isolated")).zipkinPort()).isNotEqualTo(9411);
	}

	@Test
	void startsWithoutTheAotCacheByDefault() {
		PlatformSettings settings = PlatformSettings.parse("--repository=/repo");

		assertThat(settings.aotCache()).isFalse();
		assertThat(settings.aotCacheDirectory()).isEqualTo(Path.of("/repo/target/aot-cache"));
	}

	@Test
	void readsTheAotCacheOptionWithOrWithoutValue() {
		assertThat(PlatformSettings.parse("--repository=.", "--aot-cache").aotCache()).isTrue();
		assertThat(PlatformSettings.parse("--repository=.", "--aot-cache=true").aotCache()).isTrue();
		assertThat(PlatformSettings.parse("--repository=.", "--aot-cache=false").aotCache()).isFalse();
		assertThat(PlatformSettings.parse("--repository=.", "--aot-cache").aotCacheApplications())
			.containsExactlyInAnyOrder("discovery", "user-service", "order-service", "gateway");
	}

	@Test
	void startsOnlyTheNamedApplicationsWithTheAotCache() {
		PlatformSettings settings = PlatformSettings.parse("--repository=.", "--aot-cache=user-service,order-service");

		assertThat(settings.aotCache()).isTrue();
		assertThat(settings.aotCacheApplications()).containsExactlyInAnyOrder("user-service", "order-service");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlatformSettings.parse("--repository=.", "--aot-cache=user-service,billing"))
			.withMessageContaining("billing");
	}

	@Test
	void rejectsAnAotCacheValueThatIsNeitherTrueNorFalse() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PlatformSettings.parse("--repository=.", "--aot-cache=yes"))
			.withMessageContaining("aot-cache");
	}

	@Test
	void keepsTheAotCachesOutsideTheWorkDirectorySoThatACleanStartReusesThem() {
		PlatformSettings settings = PlatformSettings.isolated(Path.of("/repo"), Path.of("/repo/target/isolated"),
				"--aot-cache");

		assertThat(settings.aotCache()).isTrue();
		assertThat(settings.clean()).isTrue();
		assertThat(settings.aotCacheDirectory()).isEqualTo(Path.of("/repo/target/aot-cache"));
		assertThat(settings.aotCacheDirectory().startsWith(settings.workDirectory())).isFalse();
	}

	@Test
	void readsTheAotCacheDirectory() {
		assertThat(PlatformSettings.parse("--repository=/repo", "--aot-cache-dir=/tmp/aot").aotCacheDirectory())
			.isEqualTo(Path.of("/tmp/aot"));
	}

}
