package com.example.platform.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.example.platform.infra.DatabaseAccess;
import com.example.platform.infra.RedisServer;

/**
 * The environment variables an application instance starts with, from what the topology
 * says it depends on. Configuration travels in the environment, so secrets do not show up
 * in {@code ps}.
 *
 * @param zipkin the Zipkin server spans go to; empty when traces are off
 * @param eurekaAddress the registry's host and port
 * @param kafkaServers Kafka's bootstrap servers
 * @param redisHost Redis's host
 * @param redisPort Redis's port
 * @param secrets the local run's credentials
 * @param bindAddress the address every port but the gateway's public one listens on
 * @param keySetUris where validators fetch the token issuer's signing keys
 * @param launcherControl the launcher's control endpoint, which runs the console's drills
 * @param certificates where the platform CA's certificates are, one directory per
 * application; empty runs every hop on plain HTTP ({@code --mutual-tls=false}, for
 * measurement only)
 */
record Environments(Optional<URI> zipkin, String eurekaAddress, String kafkaServers, String redisHost, int redisPort,
		DevSecrets secrets, String bindAddress, List<String> keySetUris, URI launcherControl,
		Optional<Path> certificates) {

	Environments {
		keySetUris = List.copyOf(keySetUris);
	}

	/**
	 * The variables of one instance.
	 * @param application what it is an instance of
	 * @param port its traffic port
	 * @param managementPort its actuator port
	 * @param database its database; may be {@code null} when it needs none
	 * @param keys what the token issuer signs with and publishes now
	 * @return the variables
	 */
	Map<String, String> of(Application application, int port, int managementPort, DatabaseAccess database,
			SigningKeys keys) {
		Map<String, String> environment = new HashMap<>();
		environment.put("SERVER_PORT", String.valueOf(port));
		// Mutual TLS on every port but the gateway's public one (mutual-tls).
		this.certificates.ifPresent((directory) -> environment.put("PLATFORM_TLS_DIRECTORY",
				directory.resolve(application.name()).toAbsolutePath().toString()));
		if (!application.publicPort()) {
			environment.put("SERVER_ADDRESS", this.bindAddress);
		}
		if (!application.sharesActuatorPort()) {
			// The actuator is never on the traffic port; each instance needs its own.
			environment.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
			environment.put("MANAGEMENT_SERVER_ADDRESS", this.bindAddress);
		}
		for (Dependency dependency : application.dependencies()) {
			environment.putAll(switch (dependency) {
				case TRACES -> tracing(application.publicPort());
				case REGISTRY -> Map.of("EUREKA_PASSWORD", this.secrets.eurekaPassword());
				case DISCOVERY ->
					Map.of("EUREKA_ADDRESS", this.eurekaAddress, "EUREKA_PASSWORD", this.secrets.eurekaPassword());
				case DRILLS -> Map.of("PLATFORM_GATEWAY_CONSOLE_LAUNCHER", this.launcherControl.toString());
				case KEY_SET -> Map.of("PLATFORM_SECURITY_JWKSETURI", String.join(",", this.keySetUris));
				case DATABASE ->
					database(Objects.requireNonNull(database, () -> application.name() + " needs a database"));
				// Its own Kafka user, named after it, as compose and Kubernetes pass it
				// (service-defaults turns KAFKA_* into the SASL settings).
				case KAFKA ->
					Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.kafkaServers, "KAFKA_USERNAME", application.name(),
							"KAFKA_PASSWORD", this.secrets.infrastructure().kafkaPassword(application.name()));
				case REDIS -> Map.of("SPRING_DATA_REDIS_HOST", this.redisHost, "SPRING_DATA_REDIS_PORT",
						String.valueOf(this.redisPort), "SPRING_DATA_REDIS_USERNAME", RedisServer.APPLICATION_USER,
						"SPRING_DATA_REDIS_PASSWORD", this.secrets.infrastructure().redisPassword());
				case IDEMPOTENCY ->
					Map.of("PLATFORM_IDEMPOTENCY_FINGERPRINT_SECRET", this.secrets.idempotencyFingerprintSecret());
				case TOKEN_ISSUER -> issuer(keys);
				// Its own credentials for its calls to the issuer.
				case TOKEN_CLIENT -> Map.of("ORDER_USER_SERVICE_CLIENT_ID", DevSecrets.ORDER_SERVICE_CLIENT_ID,
						"ORDER_USER_SERVICE_CLIENT_SECRET", this.secrets.orderServiceClientSecret());
			});
		}
		environment.putAll(application.environment());
		return environment;
	}

	/**
	 * With traces on, every request is traced (as in compose), and the spans go to the
	 * local Zipkin. The edge, which answers the browser, also links each answer to its
	 * trace in Zipkin's UI (the shop's request inspector shows the link).
	 */
	private Map<String, String> tracing(boolean edge) {
		return this.zipkin.map((uri) -> {
			Map<String, String> environment = new HashMap<>(
					Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0", "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED",
							"true", "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", uri + "/api/v2/spans"));
			if (edge) {
				environment.put("PLATFORM_DIAGNOSTICHEADERS_TRACEURL", uri + "/zipkin/traces/{traceId}");
			}
			return environment;
		}).orElse(Map.of());
	}

	private static Map<String, String> database(DatabaseAccess access) {
		return Map.of("SPRING_DATASOURCE_URL", access.jdbcUrl(), "SPRING_DATASOURCE_USERNAME", access.username(),
				"SPRING_DATASOURCE_PASSWORD", access.password(),
				// Read-only transactions go to the streaming replica
				// (datasource-routing).
				"PLATFORM_DATASOURCE_REPLICAS", String.join(",", access.replicaJdbcUrls()));
	}

	private Map<String, String> issuer(SigningKeys keys) {
		Map<String, String> environment = new HashMap<>(keys.environment());
		environment.put("PLATFORM_SECURITY_ADMIN_EMAIL", this.secrets.admin().email());
		environment.put("PLATFORM_SECURITY_ADMIN_PASSWORD", this.secrets.admin().password());
		environment.put("PLATFORM_SECURITY_CLIENTS_0_ID", DevSecrets.ORDER_SERVICE_CLIENT_ID);
		environment.put("PLATFORM_SECURITY_CLIENTS_0_SECRET", this.secrets.orderServiceClientSecret());
		return environment;
	}

}
