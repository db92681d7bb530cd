package com.example.platform.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.KafkaBroker;
import com.example.platform.infra.PostgresServer;
import com.example.platform.infra.RedisServer;

/**
 * What {@code ./run-local} prints once the platform is routable: every address, the
 * administrator, and how to get a token and use it.
 */
final class Banner {

	private Banner() {
	}

	static String of(LocalPlatform platform, PlatformSettings settings, Topology topology,
			Map<String, ServiceInstance> instances) {
		StringBuilder text = new StringBuilder();
		text.append("%nPlatform is up. Ctrl-C stops everything.%n%n".formatted());
		text.append("  %-28s %s%n".formatted("Gateway (public API)", platform.gatewayUri()));
		text.append("  %-28s %s/console/ (log in as the administrator below)%n".formatted("Administrator console",
				platform.gatewayUri()));
		text.append("  %-28s %s%n".formatted("Gateway actuator", platform.gatewayManagementUri() + "/actuator/health"));
		text.append("  %-28s %s (user %s, password in %s)%n".formatted("Eureka dashboard", platform.discoveryUri(),
				DevSecrets.EUREKA_USERNAME,
				settings.workDirectory().resolve("secrets").resolve(DevSecrets.EUREKA_PASSWORD_FILE)));
		platform.zipkinUri()
			.ifPresent(
					(zipkin) -> text.append("  %-28s %s (every request traced; paste a trace id or press Run Query)%n"
						.formatted("Zipkin (traces)", zipkin)));
		String scheme = platform.trust().scheme();
		instances.forEach((name, instance) -> text.append("  %-28s %s (actuator: %s://localhost:%d/actuator/health)%n"
			.formatted(name, scheme + "://localhost:" + instance.port(), scheme, instance.managementPort())));
		text.append(platform.trust().mutualTls()
				? ("  %-28s every port above but the gateway's public one takes HTTPS with a platform certificate: "
						+ "curl -K %s https://localhost:...%n")
					.formatted("Mutual TLS", platform.trust().curlConfig())
				: "  %-28s OFF (--mutual-tls=false, for measurement only): every hop is plain HTTP%n"
					.formatted("Mutual TLS"));
		EmbeddedInfrastructure infrastructure = platform.infrastructure();
		String databases = String.join(", ",
				topology.all()
					.stream()
					.filter((application) -> application.needs(Dependency.DATABASE))
					.map(Application::databaseName)
					.toList());
		Path secrets = platform.secretsDirectory();
		text.append("  %-28s localhost:%d (databases %s; superuser %s, password in %s)%n".formatted("PostgreSQL",
				infrastructure.postgres().port(), databases, PostgresServer.SUPERUSER,
				secrets.resolve(DevSecrets.POSTGRES_PASSWORD_FILE)));
		text.append("  %-28s localhost:%d (streaming replica of it)%n".formatted("PostgreSQL replica",
				infrastructure.postgres().replica().port()));
		text.append("  %-28s %s (SASL SCRAM-SHA-512, one user per application, password in %s; %s in %s)%n".formatted(
				"Kafka", infrastructure.kafka().bootstrapServers(),
				secrets.resolve(DevSecrets.kafkaPasswordFile("<application>")), KafkaBroker.ADMIN_USER,
				secrets.resolve(DevSecrets.KAFKA_ADMIN_PASSWORD_FILE)));
		text.append("  %-28s localhost:%d (user %s, password in %s; %s in %s)%n".formatted("Redis",
				infrastructure.redis().port(), RedisServer.APPLICATION_USER,
				secrets.resolve(DevSecrets.REDIS_PASSWORD_FILE), RedisServer.ADMIN_USER,
				secrets.resolve(DevSecrets.REDIS_ADMIN_PASSWORD_FILE)));
		text.append("  %-28s %s%n".formatted("Logs", platform.logDirectory()));
		if (settings.aotCache()) {
			text.append("  %-28s %s (with it: %s)%n".formatted("AOT caches", settings.aotCacheDirectory(),
					String.join(", ", new TreeSet<>(platform.applicationsWithAotCache()))));
		}
		AdminCredentials admin = platform.adminCredentials();
		text.append("  %-28s %s / %s (in %s)%n".formatted("Administrator", admin.email(), admin.password(),
				platform.secretsDirectory()));
		text.append("%nGet a token (valid 15 minutes) and use it:%n%n".formatted());
		text.append(("  TOKEN=$(curl -s -X POST %s%s -H 'Content-Type: application/json' \\%n"
				+ "    -d '{\"email\":\"%s\",\"password\":\"%s\"}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')%n"
				+ "  curl -s '%s/api/users?page=0&size=5' -H \"Authorization: Bearer $TOKEN\"%n")
			.formatted(platform.gatewayUri(), PlatformClient.TOKEN_PATH, admin.email(), admin.password(),
					platform.gatewayUri()));
		return text.toString();
	}

}
