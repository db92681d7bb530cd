package com.example.platform.deployment;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.example.platform.infra.KafkaBroker;
import com.example.platform.infra.RedisServer;
import com.example.platform.local.Repository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 4 by construction in compose and Kubernetes: no data store lets a client
 * in without credentials. PostgreSQL is initialised without a single trust line, Redis
 * starts with its default user off and the applications' user without the dangerous
 * commands (the embedded server's rules), Kafka takes SASL/SCRAM clients only, and every
 * application and exporter that talks to a store gets its user and password from the
 * secrets.
 */
class DataStoreTrustTests {

	private static final String KAFKA_SCRIPT = "deploy/config/kafka/start-kafka.sh";

	private static final String REDIS_SCRIPT = "deploy/config/redis/start-redis.sh";

	private static final List<String> REDIS_CLIENTS = List.of("gateway", "user-service", "order-service");

	private static final String INITDB_ARGS = "--auth-local=scram-sha-256 --auth-host=scram-sha-256";

	@Test
	void postgresIsInitialisedWithoutTrustAndNoScriptAddsIt() {
		Map<String, String> primary = Compose.environment(Compose.services(Compose.demo()).get("postgres-primary"));
		assertThat(primary).containsEntry("POSTGRES_INITDB_ARGS", INITDB_ARGS)
			.containsEntry("POSTGRES_PASSWORD", Secrets.example().get("POSTGRES_PASSWORD"))
			.doesNotContainKey("POSTGRES_HOST_AUTH_METHOD");
		// The replica is a pg_basebackup copy: the primary's rules, and a password to
		// stream with.
		for (String script : List.of("deploy/config/postgres/init-primary.sh",
				"deploy/config/postgres/start-replica.sh", "docker-compose.yml")) {
			assertThat(Repository.read(script)).as(script).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
		}
		assertThat(Repository.read("deploy/config/postgres/start-replica.sh"))
			.contains("PGPASSWORD=\"$REPLICATION_PASSWORD\" pg_basebackup");
		for (String overlay : Kustomize.OVERLAYS) {
			K8sObject postgres = Policies.workload(Rendered.overlay(overlay), "postgres-primary");
			assertThat(value(postgres.containers().getFirst(), "POSTGRES_INITDB_ARGS")).as(overlay)
				.isEqualTo(INITDB_ARGS);
			assertThat(secretKey(postgres.containers().getFirst(), "POSTGRES_PASSWORD")).as(overlay)
				.isEqualTo("POSTGRES_PASSWORD");
		}
	}

	@Test
	void redisStartsWithTheDefaultUserOffAndTheEmbeddedServersRulesForTheApplications() {
		String script = Repository.read(REDIS_SCRIPT);
		assertThat(script).contains("--user default off").doesNotContain("nopass");
		String platform = script.lines()
			.filter((line) -> line.strip().startsWith("--user " + RedisServer.APPLICATION_USER + " on"))
			.findFirst()
			.orElseThrow();
		List<String> rules = Arrays.stream(platform.strip().replace("\\", "").strip().split("\\s+"))
			.skip(4)
			.map((rule) -> rule.replace("'", ""))
			.toList();
		assertThat(platform).contains("\">${REDIS_PASSWORD:?}\"");
		assertThat(rules).containsExactly(RedisServer.APPLICATION_PERMISSIONS.split(" "));
		// Only the operator's user gets the dangerous commands.
		assertThat(script.lines().filter((line) -> line.contains("+@all") && !line.contains("-@dangerous")))
			.singleElement()
			.asString()
			.contains("--user admin on");

		Map<String, Object> redis = Compose.services(Compose.demo()).get("redis");
		assertThat(K8sObject.strings(redis.get("entrypoint"))).containsExactly("sh", "/scripts/start-redis.sh");
		assertThat(Compose.environment(redis)).containsEntry("REDIS_PASSWORD", Secrets.example().get("REDIS_PASSWORD"))
			.containsEntry("REDIS_EXPORTER_PASSWORD", Secrets.example().get("REDIS_EXPORTER_PASSWORD"))
			.containsEntry("REDIS_ADMIN_PASSWORD", Secrets.example().get("REDIS_ADMIN_PASSWORD"));
		assertThat(String.valueOf(K8sObject.asMap(redis.get("healthcheck")).get("test"))).contains("NOAUTH");

		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			Map<String, Object> container = Policies.workload(objects, "redis").containers().getFirst();
			assertThat(K8sObject.strings(container.get("command"))).as(overlay)
				.containsExactly("sh", "/scripts/start-redis.sh");
			for (String password : List.of("REDIS_PASSWORD", "REDIS_EXPORTER_PASSWORD", "REDIS_ADMIN_PASSWORD")) {
				assertThat(secretKey(container, password)).as(overlay + " " + password).isEqualTo(password);
			}
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				assertThat(String.valueOf(container.get(probe))).as(overlay + " " + probe).contains("NOAUTH");
			}
			assertThat(Policies.configMapData(objects, "redis-scripts")).as(overlay)
				.containsEntry("start-redis.sh", script);
		}
	}

	@Test
	void everyRedisClientLogsInWithAUserAndThePasswordFromTheSecrets() {
		Compose.services(Compose.demo()).forEach((name, service) -> {
			Map<String, String> environment = Compose.environment(service);
			if (environment.containsKey("SPRING_DATA_REDIS_HOST")) {
				assertThat(environment).as(name)
					.containsEntry("SPRING_DATA_REDIS_USERNAME", RedisServer.APPLICATION_USER)
					.containsEntry("SPRING_DATA_REDIS_PASSWORD", Secrets.example().get("REDIS_PASSWORD"));
			}
		});
		assertThat(Compose.environment(Compose.services(Compose.demo()).get("redis-exporter")))
			.containsEntry("REDIS_USER", "exporter")
			.containsEntry("REDIS_PASSWORD", Secrets.example().get("REDIS_EXPORTER_PASSWORD"));

		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			for (String application : REDIS_CLIENTS) {
				assertThat(secretKey(Policies.workload(objects, application).containers().getFirst(),
						"SPRING_DATA_REDIS_PASSWORD"))
					.as(overlay + " " + application)
					.isEqualTo("REDIS_PASSWORD");
				assertThat(Policies.configMapData(objects, application + "-env")).as(overlay + " " + application)
					.containsEntry("SPRING_DATA_REDIS_USERNAME", RedisServer.APPLICATION_USER);
			}
			Map<String, Object> exporter = Policies.workload(objects, "redis-exporter").containers().getFirst();
			assertThat(value(exporter, "REDIS_USER")).as(overlay).isEqualTo("exporter");
			assertThat(secretKey(exporter, "REDIS_PASSWORD")).as(overlay).isEqualTo("REDIS_EXPORTER_PASSWORD");
		}
	}

	@Test
	void kafkaListensForScramClientsOnlyAndEveryClientHasItsUser() {
		Map<String, String> settings = Secrets.envFile(Repository.read("deploy/config/kafka.env"));
		assertThat(settings.get("KAFKA_LISTENERS").split(",")).containsExactly("SASL_PLAINTEXT://:9092",
				"CONTROLLER://:9093");
		assertThat(settings.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
			.allSatisfy((entry) -> assertThat(entry).endsWith(":SASL_PLAINTEXT"));
		assertThat(settings).containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", KafkaBroker.SASL_MECHANISM)
			.containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "SASL_PLAINTEXT");
		String script = Repository.read(KAFKA_SCRIPT);
		for (String user : List.of("admin", KafkaBroker.APPLICATION_USER, "exporter")) {
			assertThat(script).contains("--add-scram \"SCRAM-SHA-512=[name=" + user + ",password=$");
		}

		Map<String, Map<String, Object>> services = Compose.services(Compose.demo());
		Map<String, Object> kafka = services.get("kafka");
		assertThat(K8sObject.strings(kafka.get("entrypoint"))).containsExactly("bash", "/scripts/start-kafka.sh");
		assertThat(Compose.environment(kafka))
			.containsEntry("KAFKA_ADVERTISED_LISTENERS", "SASL_PLAINTEXT://kafka:9092")
			.containsEntry("SASL_ADMIN_PASSWORD", Secrets.example().get("KAFKA_ADMIN_PASSWORD"))
			.containsEntry("SASL_PLATFORM_PASSWORD", Secrets.example().get("KAFKA_PASSWORD"))
			.containsEntry("SASL_EXPORTER_PASSWORD", Secrets.example().get("KAFKA_EXPORTER_PASSWORD"));
		services.forEach((name, service) -> {
			Map<String, String> environment = Compose.environment(service);
			if (environment.containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
				assertThat(environment).as(name)
					.containsEntry("KAFKA_USERNAME", KafkaBroker.APPLICATION_USER)
					.containsEntry("KAFKA_PASSWORD", Secrets.example().get("KAFKA_PASSWORD"));
			}
		});
		Map<String, Object> exporter = services.get("kafka-exporter");
		assertThat(K8sObject.strings(exporter.get("command"))).contains("--sasl.enabled",
				"--sasl.mechanism=scram-sha512", "--sasl.username=exporter");
		assertThat(Compose.environment(exporter)).containsEntry("SASL_USER_PASSWORD",
				Secrets.example().get("KAFKA_EXPORTER_PASSWORD"));

		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			Map<String, Object> broker = Policies.workload(objects, "kafka").containers().getFirst();
			assertThat(K8sObject.strings(broker.get("command"))).as(overlay)
				.containsExactly("bash", "/scripts/start-kafka.sh");
			assertThat(value(broker, "KAFKA_ADVERTISED_LISTENERS")).as(overlay).startsWith("SASL_PLAINTEXT://");
			assertThat(secretKey(broker, "SASL_ADMIN_PASSWORD")).isEqualTo("KAFKA_ADMIN_PASSWORD");
			assertThat(secretKey(broker, "SASL_PLATFORM_PASSWORD")).isEqualTo("KAFKA_PASSWORD");
			assertThat(secretKey(broker, "SASL_EXPORTER_PASSWORD")).isEqualTo("KAFKA_EXPORTER_PASSWORD");
			for (String application : List.of("user-service", "order-service")) {
				assertThat(secretKey(Policies.workload(objects, application).containers().getFirst(), "KAFKA_PASSWORD"))
					.as(overlay + " " + application)
					.isEqualTo("KAFKA_PASSWORD");
				assertThat(Policies.configMapData(objects, application + "-env")).as(overlay + " " + application)
					.containsEntry("KAFKA_USERNAME", KafkaBroker.APPLICATION_USER);
			}
			Map<String, Object> kafkaExporter = Policies.workload(objects, "kafka-exporter").containers().getFirst();
			assertThat(K8sObject.strings(kafkaExporter.get("args"))).as(overlay)
				.contains("--sasl.enabled", "--sasl.mechanism=scram-sha512", "--sasl.username=exporter");
			assertThat(secretKey(kafkaExporter, "SASL_USER_PASSWORD")).isEqualTo("KAFKA_EXPORTER_PASSWORD");
			assertThat(Policies.configMapData(objects, "kafka-scripts")).as(overlay)
				.containsEntry("start-kafka.sh", script);
		}
	}

	private static String value(Map<String, Object> container, String name) {
		return String.valueOf(K8sObject.variable(container, name).get("value"));
	}

	/** The key of the Secret platform-credentials a variable is read from. */
	private static String secretKey(Map<String, Object> container, String name) {
		Map<String, Object> reference = K8sObject.secretKeyRef(container, name);
		assertThat(String.valueOf(reference.get("name"))).as(name).startsWith(Secrets.KUBERNETES_SECRET);
		return String.valueOf(reference.get("key"));
	}

}
