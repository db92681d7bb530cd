package com.example.platform.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.example.platform.infra.DatabaseAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class EnvironmentsTests {

	private static final DatabaseAccess DATABASE = new DatabaseAccess("jdbc:postgresql://localhost:1/user_service",
			"user_service", "secret", List.of("jdbc:postgresql://localhost:2/user_service"));

	private static final URI CONTROL = URI.create("http://127.0.0.1:40123");

	private static final Optional<Path> CERTIFICATES = Optional.of(Path.of("/work/.platform/secrets/tls"));

	@TempDir
	static Path work;

	private static DevSecrets secrets;

	private static SigningKeys keys;

	private final Topology topology = Topology.of(PlatformSettings.parse("--repository=."));

	@BeforeAll
	static void generateSecrets() {
		secrets = DevSecrets.loadOrCreate(work.resolve("secrets"));
		keys = SigningKeys.of(secrets.signingKey());
	}

	@Test
	void givesTheRegistryItsPortOnLoopbackAndItsPassword() {
		Application registry = this.topology.registry();

		assertThat(traced().of(registry, registry.port(), registry.managementPort(), null, keys))
			.isEqualTo(Map.of("SERVER_PORT", "8761", "SERVER_ADDRESS", "127.0.0.1", "EUREKA_PASSWORD",
					secrets.eurekaPassword(), "PLATFORM_TLS_DIRECTORY", "/work/.platform/secrets/tls/discovery"));
	}

	@Test
	void givesTheGatewayDiscoveryKeySetRedisTracesAndTheDrillsEndpointButNoDatabase() {
		Application gateway = this.topology.edge();

		assertThat(traced().of(gateway, gateway.port(), gateway.managementPort(), null, keys)).isEqualTo(Map.ofEntries(
				// The public API on every interface, its actuator on loopback only.
				Map.entry("SERVER_PORT", "8080"), Map.entry("MANAGEMENT_SERVER_PORT", "8079"),
				Map.entry("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1"), Map.entry("EUREKA_ADDRESS", "localhost:8761"),
				// Its own certificate, for the management port and every call it makes.
				Map.entry("PLATFORM_TLS_DIRECTORY", "/work/.platform/secrets/tls/gateway"),
				Map.entry("EUREKA_PASSWORD", secrets.eurekaPassword()),
				Map.entry("PLATFORM_SECURITY_JWKSETURI",
						"https://localhost:8081/.well-known/jwks.json,https://localhost:8082/.well-known/jwks.json"),
				Map.entry("SPRING_DATA_REDIS_HOST", "localhost"), Map.entry("SPRING_DATA_REDIS_PORT", "16379"),
				// Redis refuses anonymous clients: the applications' user.
				Map.entry("SPRING_DATA_REDIS_USERNAME", "platform"),
				Map.entry("SPRING_DATA_REDIS_PASSWORD", secrets.infrastructure().redisPassword()),
				Map.entry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0"),
				Map.entry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true"),
				Map.entry("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://localhost:9411/api/v2/spans"),
				// The shop's request inspector links each answer to its trace.
				Map.entry("PLATFORM_DIAGNOSTICHEADERS_TRACEURL", "http://localhost:9411/zipkin/traces/{traceId}"),
				Map.entry("PLATFORM_GATEWAY_CONSOLE_LAUNCHER", "http://127.0.0.1:40123")));
	}

	@Test
	void givesTheTokenIssuerItsKeysAdministratorClientsAndRegistrationLimit() {
		Map<String, String> environment = traced().of(this.topology.service("user-service"), 9081, 9181, DATABASE,
				keys);

		assertThat(environment).containsEntry("SERVER_PORT", "9081")
			.containsEntry("PLATFORM_TLS_DIRECTORY", "/work/.platform/secrets/tls/user-service")
			.containsEntry("MANAGEMENT_SERVER_PORT", "9181")
			.containsEntry("SPRING_DATASOURCE_URL", DATABASE.jdbcUrl())
			.containsEntry("SPRING_DATASOURCE_USERNAME", "user_service")
			.containsEntry("SPRING_DATASOURCE_PASSWORD", "secret")
			.containsEntry("PLATFORM_DATASOURCE_REPLICAS", "jdbc:postgresql://localhost:2/user_service")
			.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:19092")
			.containsEntry("KAFKA_USERNAME", "user-service")
			.containsEntry("KAFKA_PASSWORD", secrets.infrastructure().kafkaPassword("user-service"))
			.containsEntry("SPRING_DATA_REDIS_USERNAME", "platform")
			.containsEntry("SPRING_DATA_REDIS_PASSWORD", secrets.infrastructure().redisPassword())
			.containsEntry("PLATFORM_IDEMPOTENCY_FINGERPRINT_SECRET", secrets.idempotencyFingerprintSecret())
			.containsEntry("PLATFORM_SECURITY_SIGNING_ACTIVE_KEY_ID", secrets.signingKey().keyId())
			.containsEntry("PLATFORM_SECURITY_SIGNING_KEYS_0_PRIVATE_KEY", secrets.signingKey().base64())
			.containsEntry("PLATFORM_SECURITY_ADMIN_EMAIL", secrets.admin().email())
			.containsEntry("PLATFORM_SECURITY_ADMIN_PASSWORD", secrets.admin().password())
			.containsEntry("PLATFORM_SECURITY_CLIENTS_0_ID", "order-service")
			.containsEntry("PLATFORM_SECURITY_CLIENTS_0_SECRET", secrets.orderServiceClientSecret())
			.containsEntry("PLATFORM_RATE_LIMIT_REGISTRATION_REQUESTS", "100000")
			.doesNotContainKeys("ORDER_USER_SERVICE_CLIENT_ID", "ORDER_USER_SERVICE_CLIENT_SECRET");
	}

	@Test
	void givesTheTokenClientItsCredentialsAndNoSigningKey() {
		Map<String, String> environment = traced().of(this.topology.service("order-service"), 8091, 8191, DATABASE,
				keys);

		assertThat(environment).containsEntry("ORDER_USER_SERVICE_CLIENT_ID", "order-service")
			.containsEntry("ORDER_USER_SERVICE_CLIENT_SECRET", secrets.orderServiceClientSecret())
			// Its own Kafka user, not user-service's.
			.containsEntry("KAFKA_USERNAME", "order-service")
			.containsEntry("KAFKA_PASSWORD", secrets.infrastructure().kafkaPassword("order-service"))
			.containsEntry("EUREKA_ADDRESS", "localhost:8761")
			.containsEntry("SERVER_ADDRESS", "127.0.0.1")
			.containsEntry("SPRING_DATASOURCE_URL", DATABASE.jdbcUrl());
		assertThat(environment.keySet()).noneMatch((name) -> name.matches(SigningKeys.VARIABLES))
			.noneMatch((name) -> name.startsWith("PLATFORM_SECURITY_") && !name.equals("PLATFORM_SECURITY_JWKSETURI"))
			.doesNotContain("PLATFORM_RATE_LIMIT_REGISTRATION_REQUESTS");
	}

	@Test
	void tracesNothingWhenTracesAreOff() {
		Environments untraced = new Environments(Optional.empty(), "localhost:8761", "localhost:19092", "localhost",
				16379, secrets, "127.0.0.1", List.of(), CONTROL, CERTIFICATES);

		assertThat(untraced.of(this.topology.service("order-service"), 8091, 8191, DATABASE, keys).keySet())
			.noneMatch((name) -> name.startsWith("MANAGEMENT_TRACING_"));
	}

	@Test
	void leavesMutualTlsOffWithoutCertificatesForTheBenchmarksPlainRun() {
		Environments plain = new Environments(Optional.empty(), "localhost:8761", "localhost:19092", "localhost", 16379,
				secrets, "127.0.0.1", List.of("http://localhost:8081/.well-known/jwks.json"), CONTROL,
				Optional.empty());

		for (Application application : this.topology.all()) {
			assertThat(plain.of(application, application.port(), application.managementPort(), DATABASE, keys))
				.doesNotContainKey("PLATFORM_TLS_DIRECTORY");
		}
	}

	@Test
	void refusesToStartAServiceThatNeedsADatabaseWithoutOne() {
		assertThatNullPointerException()
			.isThrownBy(() -> traced().of(this.topology.service("order-service"), 8091, 8191, null, keys))
			.withMessage("order-service needs a database");
	}

	private static Environments traced() {
		return new Environments(Optional.of(URI.create("http://localhost:9411")), "localhost:8761", "localhost:19092",
				"localhost", 16379, secrets, "127.0.0.1",
				Topology.of(PlatformSettings.parse("--repository=.")).keySetUris("https"), CONTROL, CERTIFICATES);
	}

}
