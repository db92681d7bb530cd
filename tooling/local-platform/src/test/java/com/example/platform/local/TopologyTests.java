package com.example.platform.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopologyTests {

	private final Topology topology = Topology.of(PlatformSettings.parse("--repository=."));

	@Test
	void startsTheRegistryThenTheServicesThenTheGateway() {
		assertThat(this.topology.all()).extracting(Application::name)
			.containsExactly("discovery", "user-service", "order-service", "gateway");
	}

	@Test
	void givesEachServiceInstanceConsecutivePortsFromTheSettings() {
		Topology topology = Topology.of(PlatformSettings.parse("--repository=.", "--user-service-port=9081",
				"--user-service-management-port=9181", "--user-service-instances=3", "--order-service-instances=1"));

		Application users = topology.service("user-service");
		assertThat(users.ports()).containsExactly(9081, 9082, 9083);
		assertThat(users.managementPorts()).containsExactly(9181, 9182, 9183);
		assertThat(topology.service("order-service").ports()).containsExactly(8091);
	}

	@Test
	void keepsOnlyTheGatewaysAndTheServicesActuatorsOffTheirTrafficPorts() {
		assertThat(this.topology.registry().sharesActuatorPort()).isTrue();
		assertThat(this.topology.edge().sharesActuatorPort()).isFalse();
		assertThat(this.topology.services()).noneMatch(Application::sharesActuatorPort);
		assertThat(this.topology.edge().managementPort()).isEqualTo(8079);
	}

	@Test
	void declaresOneTokenIssuerAndOneTokenClient() {
		assertThat(this.topology.all()).filteredOn((application) -> application.needs(Dependency.TOKEN_ISSUER))
			.extracting(Application::name)
			.containsExactly("user-service");
		assertThat(this.topology.all()).filteredOn((application) -> application.needs(Dependency.TOKEN_CLIENT))
			.extracting(Application::name)
			.containsExactly("order-service");
	}

	@Test
	void pinsTheKeySetAtEachTokenIssuerInstanceInTheSchemeOfTheRun() {
		assertThat(this.topology.keySetUris("https")).containsExactly("https://localhost:8081/.well-known/jwks.json",
				"https://localhost:8082/.well-known/jwks.json");
		assertThat(this.topology.keySetUris("http")).allMatch((uri) -> uri.startsWith("http://localhost:808"));
	}

	@Test
	void givesADatabaseOnlyToTheServicesNamedAfterThem() {
		assertThat(this.topology.all()).filteredOn((application) -> application.needs(Dependency.DATABASE))
			.extracting(Application::databaseName)
			.containsExactly("user_service", "order_service");
	}

	@Test
	void probesEachServiceThroughTheGatewayButNotTheRegistryOrTheGateway() {
		assertThat(this.topology.service("user-service").probePath()).contains("/api/users?page=0&size=1");
		assertThat(this.topology.service("order-service").probePath()).contains("/api/orders?page=0&size=1");
		assertThat(this.topology.registry().probePath()).isEmpty();
		assertThat(this.topology.edge().probePath()).isEmpty();
	}

	@Test
	void refusesAServiceItDoesNotHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.topology.service("gateway"))
			.withMessage("No service 'gateway'; known: [user-service, order-service]");
	}

}
