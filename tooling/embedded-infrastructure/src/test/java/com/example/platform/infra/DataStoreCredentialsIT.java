package com.example.platform.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * No data store lets anyone in on trust (issue 18): what an anonymous client, or one with
 * a wrong password, gets from PostgreSQL (primary and replica), Redis and Kafka, and what
 * the applications' own users may not do. Before these credentials, every anonymous
 * attempt below succeeded: {@code postgres} was trusted on loopback, Redis had no
 * password at all and Kafka's only listener was PLAINTEXT.
 */
class DataStoreCredentialsIT {

	@TempDir
	static Path workDirectory;

	static EmbeddedInfrastructure infrastructure;

	static InfrastructureCredentials credentials;

	@BeforeAll
	static void start() {
		InfrastructureSettings settings = InfrastructureSettings.ephemeral(workDirectory);
		credentials = settings.credentials();
		infrastructure = EmbeddedInfrastructure.start(settings);
	}

	@AfterAll
	static void stop() {
		infrastructure.close();
	}

	@Test
	void postgresRefusesTheSuperuserWithoutItsPasswordOnPrimaryAndReplica() throws SQLException {
		PostgresServer postgres = infrastructure.postgres();
		for (String url : List.of(postgres.jdbcUrl("postgres"), postgres.replica().jdbcUrl("postgres"))) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(url, PostgresServer.SUPERUSER, "").close())
				.withMessageContaining("requested SCRAM-based authentication");
			assertThatExceptionOfType(SQLException.class).isThrownBy(
					() -> DriverManager.getConnection(url, PostgresServer.SUPERUSER, "0123456789abcdef0123").close())
				.withMessageContaining("password authentication failed");
			try (Connection connection = DriverManager.getConnection(url, PostgresServer.SUPERUSER,
					credentials.postgresPassword()); Statement statement = connection.createStatement()) {
				// Every rule in force asks for a SCRAM password but the three that keep
				// the replication role out of database sessions: not one trust line.
				ResultSet rules = statement.executeQuery("select auth_method, count(*) from pg_hba_file_rules"
						+ " where error is null group by auth_method order by auth_method");
				Map<String, Integer> methods = new HashMap<>();
				while (rules.next()) {
					methods.put(rules.getString(1), rules.getInt(2));
				}
				assertThat(methods).containsOnlyKeys("reject", "scram-sha-256").containsEntry("reject", 3);
			}
		}
	}

	@Test
	void replicasStreamAsTheReplicationRoleWhosePasswordIsChecked() throws SQLException {
		PostgresServer postgres = infrastructure.postgres();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.SUPERUSER,
				credentials.postgresPassword());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select usename from pg_stat_replication")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).isEqualTo(PostgresServer.REPLICATION_USER);
		}
		Properties wrong = new Properties();
		wrong.setProperty("user", PostgresServer.REPLICATION_USER);
		wrong.setProperty("password", "0123456789abcdef0123");
		wrong.setProperty("replication", "true");
		wrong.setProperty("assumeMinServerVersion", "17");
		wrong.setProperty("preferQueryMode", "simple");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl("postgres"), wrong).close())
			.withMessageContaining("password authentication failed");
		// The replication role streams WAL, nothing else: no database session.
		assertThatExceptionOfType(SQLException.class).isThrownBy(
				() -> DriverManager
					.getConnection(postgres.jdbcUrl("postgres"), PostgresServer.REPLICATION_USER,
							credentials.replicationPassword())
					.close())
			.withMessageContaining("rejects connection");
	}

	@Test
	void aServiceRoleCannotConnectToAnotherServicesDatabase() throws SQLException {
		DatabaseAccess billing = infrastructure.postgres().createDatabase("billing", "billing-password");
		DatabaseAccess shipping = infrastructure.postgres().createDatabase("shipping", "shipping-password");
		DriverManager.getConnection(billing.jdbcUrl(), billing.username(), billing.password()).close();
		assertThatExceptionOfType(SQLException.class).isThrownBy(
				() -> DriverManager.getConnection(billing.jdbcUrl(), shipping.username(), shipping.password()).close())
			.withMessageContaining("permission denied for database");
	}

	@Test
	void redisRefusesAnonymousClientsAndTheApplicationsUserItsDangerousCommands() throws IOException {
		RedisServer redis = infrastructure.redis();
		assertThat(exchange(redis, "PING")).first().asString().startsWith("-NOAUTH");
		assertThat(exchange(redis, "AUTH default nothing")).first().asString().startsWith("-WRONGPASS");
		assertThat(exchange(redis, "AUTH " + redis.username() + " 0123456789abcdef0123")).first()
			.asString()
			.startsWith("-WRONGPASS");

		String login = "AUTH " + redis.username() + " " + redis.password();
		assertThat(exchange(redis, login, "SET credentials-test kept", "PING")).containsExactly("+OK", "+OK", "+PONG");
		for (String command : RedisInline.DANGEROUS_COMMANDS) {
			assertThat(exchange(redis, login, command)).as(command).element(1).asString().startsWith("-NOPERM");
		}
		// Health checks read INFO; caches clear their entries with SCAN, never KEYS.
		assertThat(exchange(redis, login, "INFO server")).element(1).asString().startsWith("$");
		assertThat(exchange(redis, login, "GET credentials-test")).containsExactly("+OK", "$4", "kept");

		assertThat(exchange(redis, "AUTH " + RedisServer.ADMIN_USER + " " + credentials.redisAdminPassword(),
				"CONFIG GET maxmemory-policy"))
			.contains("allkeys-lru");
	}

	@Test
	void kafkaRefusesClientsWithoutTheirScramPassword() throws Exception {
		KafkaBroker kafka = infrastructure.kafka();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> describeCluster(KafkaBroker.clientSecurity("user-service", "0123456789abcdef0123")))
			.withCauseInstanceOf(SaslAuthenticationException.class);
		// No SASL at all: the broker drops the connection, the client never gets an
		// answer.
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> describeCluster(Map.of("security.protocol", "PLAINTEXT")));
		assertThat(describeCluster(kafka.clientSecurity())).isEqualTo(1);
		for (String user : kafka.users()) {
			assertThat(describeCluster(kafka.clientSecurity(user))).as(user).isEqualTo(1);
		}
	}

	private static int describeCluster(Map<String, Object> security) throws Exception {
		Map<String, Object> config = new HashMap<>(security);
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka().bootstrapServers());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
		try (Admin admin = Admin.create(config)) {
			return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
		}
	}

	private static List<String> exchange(RedisServer redis, String... commands) throws IOException {
		return RedisInline.exchange(redis.host(), redis.port(), commands);
	}

}
