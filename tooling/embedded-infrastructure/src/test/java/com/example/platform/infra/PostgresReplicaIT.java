package com.example.platform.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PostgresReplicaIT {

	@TempDir
	static Path workDirectory;

	static final InfrastructureCredentials credentials = InfrastructureCredentials.random();

	static PostgresServer postgres;

	static DatabaseAccess access;

	@BeforeAll
	static void start() {
		postgres = PostgresServer.start(workDirectory.resolve("postgres"), true, 0, 0, credentials);
		access = postgres.createDatabase("replicated", "secret");
	}

	@AfterAll
	static void stop() {
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void replicaIsAStreamingHotStandbyOfThePrimary() throws SQLException {
		assertThat(access.replicaJdbcUrls()).containsExactly(postgres.replica().jdbcUrl("replicated"));
		assertThat(query(access.replicaJdbcUrls().getFirst(), "select pg_is_in_recovery()")).isEqualTo("t");
		assertThat(query(access.jdbcUrl(), "select pg_is_in_recovery()")).isEqualTo("f");
		assertThat(query(postgres.jdbcUrl("replicated").replace("replicated", "postgres"),
				"select count(*) from pg_stat_replication where application_name = 'replica-1' and state = 'streaming'"))
			.isEqualTo("1");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> execute(access.replicaJdbcUrls().getFirst(), "create table nope (id int)"))
			.withMessageContaining("read-only");
	}

	@Test
	void pausedReplayKeepsTheReplicaStaleUntilResumed() throws SQLException {
		execute(access.jdbcUrl(), "create table if not exists notes (id int primary key, text varchar)");
		execute(access.jdbcUrl(),
				"insert into notes values (1, 'first') on conflict (id) do update set text = 'first'");
		postgres.replica().awaitReplayed(Duration.ofSeconds(10));
		postgres.replica().pauseReplay();
		try {
			execute(access.jdbcUrl(), "update notes set text = 'second' where id = 1");
			assertThat(postgres.replica().lagBytes()).isPositive();
			assertThat(query(access.replicaJdbcUrls().getFirst(), "select text from notes where id = 1"))
				.isEqualTo("first");
		}
		finally {
			postgres.replica().resumeReplay();
		}
		postgres.replica().awaitReplayed(Duration.ofSeconds(10));
		assertThat(query(access.replicaJdbcUrls().getFirst(), "select text from notes where id = 1"))
			.isEqualTo("second");
		assertThat(postgres.replica().lagBytes()).isZero();
	}

	@Test
	void replicaAndPrimaryCanBeStoppedAndStartedAgain() throws SQLException {
		execute(access.jdbcUrl(), "create table if not exists restarts (id int)");
		postgres.replica().stop();
		execute(access.jdbcUrl(), "insert into restarts values (1)");
		postgres.replica().start();
		postgres.replica().awaitReplayed(Duration.ofSeconds(30));
		assertThat(query(access.replicaJdbcUrls().getFirst(), "select count(*) from restarts")).isEqualTo("1");

		postgres.stop();
		assertThat(postgres.isRunning()).isFalse();
		assertThat(query(access.replicaJdbcUrls().getFirst(), "select count(*) from restarts")).isEqualTo("1");
		postgres.start();
		execute(access.jdbcUrl(), "insert into restarts values (2)");
		postgres.replica().awaitReplayed(Duration.ofSeconds(30));
		assertThat(query(access.replicaJdbcUrls().getFirst(), "select count(*) from restarts")).isEqualTo("2");
	}

	@Test
	void keptDataStartsAsTheSameReplicaAndABrokenCopyIsMadeAnew() throws Exception {
		Path other = Files.createDirectories(workDirectory.resolve("other"));
		PostgresServer first = PostgresServer.start(other.resolve("postgres"), true, 0, 0, credentials);
		try {
			DatabaseAccess kept = first.createDatabase("kept", "pw");
			execute(kept.jdbcUrl(), "create table marks (id int)");
			execute(kept.jdbcUrl(), "insert into marks values (7)");
			first.replica().awaitReplayed(Duration.ofSeconds(10));
		}
		finally {
			first.close();
		}
		PostgresServer again = PostgresServer.start(other.resolve("postgres"), true, 0, 0, credentials);
		try {
			DatabaseAccess kept = again.createDatabase("kept", "pw");
			assertThat(query(kept.replicaJdbcUrls().getFirst(), "select id from marks")).isEqualTo("7");
		}
		finally {
			again.close();
		}
		// Losing the standby marker breaks the copy: it is made again from the primary.
		Files.delete(other.resolve("postgres-replica-1/standby.signal"));
		PostgresServer rebuilt = PostgresServer.start(other.resolve("postgres"), true, 0, 0, credentials);
		try {
			DatabaseAccess kept = rebuilt.createDatabase("kept", "pw");
			assertThat(query(kept.replicaJdbcUrls().getFirst(), "select pg_is_in_recovery()")).isEqualTo("t");
			assertThat(query(kept.replicaJdbcUrls().getFirst(), "select id from marks")).isEqualTo("7");
		}
		finally {
			rebuilt.close();
		}
	}

	private static String query(String url, String sql) throws SQLException {
		try (Connection connection = connect(url);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	// Each database is owned by the role of the same name; "postgres" is the superuser's.
	private static Connection connect(String url) throws SQLException {
		String database = url.substring(url.lastIndexOf('/') + 1);
		String password = switch (database) {
			case "replicated" -> "secret";
			case "kept" -> "pw";
			default -> credentials.postgresPassword();
		};
		return DriverManager.getConnection(url, database, password);
	}

}
