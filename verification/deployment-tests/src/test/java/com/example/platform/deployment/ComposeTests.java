package com.example.platform.deployment;

import java.util.List;
import java.util.Map;

import com.example.platform.local.Repository;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * docker-compose.yml validates with Debian's docker-compose and follows the demo's rules;
 * broken fixtures show that each rule bites.
 */
class ComposeTests {

	@Test
	void runsTheWholePlatform() {
		assertThat(Compose.services(Compose.demo())).containsOnlyKeys("postgres-primary", "postgres-replica", "kafka",
				"redis", "discovery", "gateway", "user-service-1", "user-service-2", "order-service-1",
				"order-service-2", "prometheus", "grafana", "postgres-exporter", "redis-exporter", "kafka-exporter",
				"otel-collector", "jaeger", "loki");
		assertThat(Compose.services(Compose.demo()).get("kafka").get("image")).asString().startsWith("apache/kafka:");
		assertThat(Compose.environment(Compose.services(Compose.demo()).get("kafka")))
			.containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
	}

	@Test
	void followsTheDemoRules() {
		assertThat(Compose.violations(Compose.demo())).isEmpty();
		assertThat(Compose.totalMemory(Compose.demo())).isLessThanOrEqualTo(Compose.MEMORY_BUDGET);
	}

	@Test
	void replicaClonesThePrimaryWithPgBasebackupOnFirstStart() {
		Map<String, Object> replica = Compose.services(Compose.demo()).get("postgres-replica");
		assertThat(replica.get("entrypoint")).asString().contains("/scripts/start-replica.sh");
		assertThat(Repository.read("deploy/config/postgres/start-replica.sh")).contains("pg_basebackup",
				"--write-recovery-conf", "--slot=");
		assertThat(Repository.read("deploy/config/postgres/init-primary.sh"))
			.contains("pg_create_physical_replication_slot", "WITH REPLICATION");
	}

	@Test
	void actuatorsAnswerOnManagementPortsThatOnlyHealthchecksUseAndNothingPublishes() {
		Map<String, String> expected = Map.of("gateway", "8079", "user-service", "8082", "order-service", "8092");
		Compose.services(Compose.demo()).forEach((name, service) -> {
			String application = Images.shortName(String.valueOf(service.get("image")));
			if (!expected.containsKey(application)) {
				return;
			}
			Map<String, String> environment = Compose.environment(service);
			String management = environment.get("MANAGEMENT_SERVER_PORT");
			assertThat(management).as(name).isEqualTo(expected.get(application));
			assertThat(environment.get("SERVER_PORT")).as(name).isNotEqualTo(management);
			assertThat(K8sObject.strings(K8sObject.map(service, "healthcheck").get("test"))).as(name)
				.containsSubsequence("healthcheck", management, "/actuator/health/readiness");
			for (Object published : (List<?>) service.getOrDefault("ports", List.of())) {
				String traffic = environment.get("SERVER_PORT");
				assertThat(String.valueOf(published)).as(name)
					.matches("127\\.0\\.0\\.1:" + traffic + ":" + traffic + "(/tcp)?");
			}
		});
	}

	@Test
	void dockerComposeRejectsAnInvalidFile() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Compose
				.config(Repository.path("verification/deployment-tests/src/test/resources/broken/compose-invalid.yml")))
			.withMessageContaining("healthchek");
	}

	@Test
	void brokenComposeFileIsCaught() {
		List<String> violations = Compose.violations(Compose
			.config(Repository.path("verification/deployment-tests/src/test/resources/broken/compose-broken.yml")));
		assertThat(violations).contains("db: no healthcheck", "app: depends on db without condition service_healthy",
				"app: no mem_limit", "app: depends on collector, whose healthcheck is disabled",
				"db: image postgres:latest is not pinned to a version",
				"app: publishes 0.0.0.0:8080:8080 (only " + Compose.PUBLISHED + ", on 127.0.0.1)",
				"db: bind mount /srv/pg:/var/lib/postgresql/data:rw is writable",
				"memory limits add up to 8192 MiB, more than 6 GiB");
	}

}
