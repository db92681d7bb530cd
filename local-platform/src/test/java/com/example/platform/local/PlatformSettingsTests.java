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

}
