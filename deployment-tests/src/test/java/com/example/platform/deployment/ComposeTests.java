package com.example.platform.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * docker-compose.yml validates with Debian's docker-compose and follows the demo's rules;
 * broken fixtures show that each rule bites.
 */
class ComposeTests {

	private static final Map<String, Object> CONFIG = Compose.config(Repository.path("docker-compose.yml"));

	@Test
	void runsTheWholePlatform() {
		assertThat(Compose.services(CONFIG)).containsOnlyKeys("postgres-primary", "postgres-replica", "kafka", "redis",
				"discovery", "gateway", "user-service-1", "user-service-2", "order-service-1", "order-service-2",
				"prometheus", "grafana", "postgres-exporter", "redis-exporter", "kafka-exporter", "jaeger");
		assertThat(Compose.services(CONFIG).get("kafka").get("image")).asString().startsWith("apache/kafka:");
		assertThat(Compose.environment(Compose.services(CONFIG).get("kafka"))).containsEntry("KAFKA_PROCESS_ROLES",
				"broker,controller");
	}

	@Test
	void followsTheDemoRules() {
		assertThat(Compose.violations(CONFIG)).isEmpty();
		assertThat(Compose.totalMemory(CONFIG)).isLessThanOrEqualTo(Compose.MEMORY_BUDGET);
	}

	@Test
	void replicaClonesThePrimaryWithPgBasebackupOnFirstStart() {
		Map<String, Object> replica = Compose.services(CONFIG).get("postgres-replica");
		assertThat(replica.get("entrypoint")).asString().contains("/scripts/start-replica.sh");
		assertThat(Repository.read("config/postgres/start-replica.sh")).contains("pg_basebackup",
				"--write-recovery-conf", "--slot=");
		assertThat(Repository.read("config/postgres/init-primary.sh")).contains("pg_create_physical_replication_slot",
				"WITH REPLICATION");
	}

	@Test
	void developmentDefaultsAreExactlyThoseOfEnvExample() {
		Map<String, String> example = new LinkedHashMap<>();
		for (String line : Repository.read(".env.example").lines().toList()) {
			if (!line.isBlank() && !line.startsWith("#")) {
				example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		Map<String, String> defaults = new LinkedHashMap<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}").matcher(Repository.read("docker-compose.yml"));
		while (matcher.find()) {
			assertThat(defaults.getOrDefault(matcher.group(1), matcher.group(2))).as(matcher.group(1))
				.isEqualTo(matcher.group(2));
			defaults.put(matcher.group(1), matcher.group(2));
		}
		assertThat(defaults).isEqualTo(example);
		assertThat(Repository.read(".gitignore").lines()).contains(".env");
	}

	@Test
	void dockerComposeRejectsAnInvalidFile() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(
				() -> Compose.config(Repository.path("deployment-tests/src/test/resources/broken/compose-invalid.yml")))
			.withMessageContaining("healthchek");
	}

	@Test
	void brokenComposeFileIsCaught() {
		List<String> violations = Compose.violations(
				Compose.config(Repository.path("deployment-tests/src/test/resources/broken/compose-broken.yml")));
		assertThat(violations).contains("db: no healthcheck", "app: depends on db without condition service_healthy",
				"app: no mem_limit", "db: image postgres:latest is not pinned to a version",
				"app: publishes 0.0.0.0:8080:8080 (only " + Compose.PUBLISHED + ", on 127.0.0.1)",
				"db: bind mount /srv/pg:/var/lib/postgresql/data:rw is writable",
				"memory limits add up to 8192 MiB, more than 6 GiB");
	}

}
