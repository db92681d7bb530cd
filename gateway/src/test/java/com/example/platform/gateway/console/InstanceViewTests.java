package com.example.platform.gateway.console;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.example.platform.gateway.console.InstanceView.Probe;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceViewTests {

	private final DefaultServiceInstance registered = new DefaultServiceInstance("user-service:8081", "user-service",
			"localhost", 8081, false, Map.of(InstanceProbes.MANAGEMENT_PORT, "8181"));

	@Test
	void combinesTheRegistryTheProbeAndTheGatewaysEjection() {
		Instant until = Instant.parse("2026-01-01T10:00:20Z");
		Probe probe = new Probe("UP", Optional.of(PrometheusText.parse("messaging_outbox_backlog_events 3.0\n")),
				Optional.empty());

		InstanceView view = InstanceView.of(this.registered, probe, Optional.of(until));

		assertThat(view.id()).isEqualTo("user-service:8081");
		assertThat(view.address()).isEqualTo("localhost:8081");
		assertThat(view.health()).isEqualTo("UP");
		assertThat(view.ejectedUntil()).isEqualTo(until);
		assertThat(view.metrics().outboxBacklog()).isEqualTo(3.0);
		assertThat(view.problem()).isNull();
	}

	@Test
	void showsAnUnreachableInstanceWithoutMetricsAndSaysWhy() {
		Probe probe = new Probe(InstanceView.UNREACHABLE, Optional.empty(),
				Optional.of("management port did not answer: ConnectException"));

		InstanceView view = InstanceView.of(this.registered, probe, Optional.empty());

		assertThat(view.health()).isEqualTo("UNREACHABLE");
		assertThat(view.metrics()).isNull();
		assertThat(view.ejectedUntil()).isNull();
		assertThat(view.problem()).contains("ConnectException");
	}

	@Test
	void namesAnInstanceWithoutRegistryIdByServiceHostAndPort() {
		assertThat(InstanceView.idOf(new DefaultServiceInstance(null, "order-service", "10.0.0.7", 8091, false)))
			.isEqualTo("order-service:10.0.0.7:8091");
	}

	@Test
	void readsTheManagementPortFromTheRegistrysMetadata() {
		assertThat(InstanceProbes.management("http", this.registered, "/actuator/health"))
			.hasToString("http://localhost:8181/actuator/health");
		assertThat(InstanceProbes.management("https", new DefaultServiceInstance("x", "x", "h", 9000, false), "/p"))
			.hasToString("https://h:9000/p");
	}

}
