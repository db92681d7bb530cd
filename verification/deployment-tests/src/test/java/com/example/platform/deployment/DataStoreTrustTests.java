package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.example.platform.infra.KafkaAcls;
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

	private static final String KAFKA_ACLS = "deploy/config/kafka/acls.txt";

	private static final KafkaAcls ACLS = KafkaAcls.parse(Repository.read(KAFKA_ACLS));

	/** The applications that use Kafka, each as its own user. */
	private static final List<String> KAFKA_APPLICATIONS = List.of("user-service", "order-service");

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
	void kafkaListensForScramClientsOnlyAndEveryClientHasItsOwnUser() {
		Map<String, String> settings = Secrets.envFile(Repository.read("deploy/config/kafka.env"));
		assertThat(settings.get("KAFKA_LISTENERS").split(",")).containsExactly("SASL_PLAINTEXT://:9092",
				"CONTROLLER://:9093");
		assertThat(settings.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
			.allSatisfy((entry) -> assertThat(entry).endsWith(":SASL_PLAINTEXT"));
		assertThat(settings).containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", KafkaBroker.SASL_MECHANISM)
			.containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "SASL_PLAINTEXT");
		String script = Repository.read(KAFKA_SCRIPT);
		assertThat(script).contains("--add-scram \"SCRAM-SHA-512=[name=admin,password=$admin]\"")
			.contains("--add-scram \"SCRAM-SHA-512=[name=$user,password=${!variable}]\"")
			.contains("\"${scram[@]}\"");
		Set<String> users = ACLS.users();

		Map<String, Map<String, Object>> services = Compose.services(Compose.demo());
		Map<String, Object> kafka = services.get("kafka");
		assertThat(K8sObject.strings(kafka.get("entrypoint"))).containsExactly("bash", "/scripts/start-kafka.sh");
		assertThat(K8sObject.strings(kafka.get("volumes")))
			.contains(Repository.path(KAFKA_ACLS) + ":/scripts/acls.txt:ro");
		Map<String, String> broker = Compose.environment(kafka);
		assertThat(broker).containsEntry("KAFKA_ADVERTISED_LISTENERS", "SASL_PLAINTEXT://kafka:9092")
			.containsEntry("SASL_ADMIN_PASSWORD", Secrets.example().get("KAFKA_ADMIN_PASSWORD"));
		for (String user : users) {
			assertThat(broker).as(user).containsEntry(brokerVariable(user), Secrets.example().get(secretKey(user)));
		}
		assertThat(broker.keySet().stream().filter((name) -> name.startsWith("SASL_"))).hasSize(users.size() + 1);
		assertThat(users.stream().map((user) -> Secrets.example().get(secretKey(user)))).doesNotHaveDuplicates();
		List<String> kafkaClients = new ArrayList<>();
		services.forEach((name, service) -> {
			Map<String, String> environment = Compose.environment(service);
			if (environment.containsKey("SPRING_KAFKA_BOOTSTRAP_SERVERS")) {
				String user = environment.get("KAFKA_USERNAME");
				kafkaClients.add(user);
				assertThat(name).startsWith(user);
				assertThat(environment).as(name)
					.containsEntry("KAFKA_PASSWORD", Secrets.example().get(secretKey(user)));
			}
		});
		assertThat(kafkaClients).containsOnly(KAFKA_APPLICATIONS.toArray(String[]::new))
			.containsAll(KAFKA_APPLICATIONS);
		Map<String, Object> exporter = services.get("kafka-exporter");
		assertThat(K8sObject.strings(exporter.get("command"))).contains("--sasl.enabled",
				"--sasl.mechanism=scram-sha512", "--sasl.username=exporter");
		assertThat(Compose.environment(exporter)).containsEntry("SASL_USER_PASSWORD",
				Secrets.example().get("KAFKA_EXPORTER_PASSWORD"));
		assertThat(users).containsExactlyInAnyOrder("user-service", "order-service", "exporter");

		for (String overlay : Kustomize.OVERLAYS) {
			List<K8sObject> objects = Rendered.overlay(overlay);
			Map<String, Object> node = Policies.workload(objects, "kafka").containers().getFirst();
			assertThat(K8sObject.strings(node.get("command"))).as(overlay)
				.containsExactly("bash", "/scripts/start-kafka.sh");
			assertThat(value(node, "KAFKA_ADVERTISED_LISTENERS")).as(overlay).startsWith("SASL_PLAINTEXT://");
			assertThat(secretKey(node, "SASL_ADMIN_PASSWORD")).isEqualTo("KAFKA_ADMIN_PASSWORD");
			for (String user : users) {
				assertThat(secretKey(node, brokerVariable(user))).as(overlay + " " + user).isEqualTo(secretKey(user));
			}
			for (String application : KAFKA_APPLICATIONS) {
				assertThat(secretKey(Policies.workload(objects, application).containers().getFirst(), "KAFKA_PASSWORD"))
					.as(overlay + " " + application)
					.isEqualTo(secretKey(application));
				assertThat(Policies.configMapData(objects, application + "-env")).as(overlay + " " + application)
					.containsEntry("KAFKA_USERNAME", application);
			}
			Map<String, Object> kafkaExporter = Policies.workload(objects, "kafka-exporter").containers().getFirst();
			assertThat(K8sObject.strings(kafkaExporter.get("args"))).as(overlay)
				.contains("--sasl.enabled", "--sasl.mechanism=scram-sha512", "--sasl.username=exporter");
			assertThat(secretKey(kafkaExporter, "SASL_USER_PASSWORD")).isEqualTo("KAFKA_EXPORTER_PASSWORD");
			assertThat(Policies.configMapData(objects, "kafka-scripts")).as(overlay)
				.containsEntry("start-kafka.sh", script)
				.containsEntry("acls.txt", Repository.read(KAFKA_ACLS));
		}
	}

	@Test
	void kafkaGrantsEachApplicationExactlyItsOwnTopicsAndGroups() {
		Map<String, String> settings = Secrets.envFile(Repository.read("deploy/config/kafka.env"));
		assertThat(settings)
			.containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
			.containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
			.containsEntry("KAFKA_SUPER_USERS", "User:" + KafkaBroker.ADMIN_USER);
		// The embedded broker packs the very file start-kafka.sh reads.
		assertThat(KafkaAcls.declared()).isEqualTo(ACLS);
		for (String application : KAFKA_APPLICATIONS) {
			assertThat(TopicSettings.of(application).differences(ACLS.grants())).as(application).isEmpty();
		}
		assertThat(grantsOf("exporter")).isNotEmpty()
			.allSatisfy((grant) -> assertThat(grant.operations()).containsExactly("DESCRIBE"));
	}

	@Test
	void theGrantCheckFindsAGrantTooBroadOrMissing() {
		TopicSettings orderService = TopicSettings.of("order-service");
		assertThat(orderService.published()).isEqualTo("order-events");
		assertThat(orderService.consumed()).containsExactly("user-events");
		assertThat(orderService.group()).isEqualTo("order-service");
		List<KafkaAcls.Grant> forging = new ArrayList<>(ACLS.grants());
		forging.add(new KafkaAcls.Grant("order-service", "topic", "user-events", Set.of("WRITE")));
		assertThat(orderService.differences(forging))
			.containsExactly("order-service is granted topic user-events WRITE without needing it");
		List<KafkaAcls.Grant> noDeadLetters = ACLS.grants()
			.stream()
			.filter((grant) -> !grant.name().equals("user-events.DLT"))
			.toList();
		assertThat(orderService.differences(noDeadLetters)).contains("order-service lacks topic user-events.DLT WRITE");
	}

	private static List<KafkaAcls.Grant> grantsOf(String user) {
		return ACLS.grants().stream().filter((grant) -> grant.user().equals(user)).toList();
	}

	/**
	 * The secret holding a Kafka user's password: user-service's is
	 * KAFKA_USER_SERVICE_PASSWORD.
	 */
	private static String secretKey(String user) {
		return "KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
	}

	/** The variable start-kafka.sh reads a user's password from. */
	private static String brokerVariable(String user) {
		return "SASL_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
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
