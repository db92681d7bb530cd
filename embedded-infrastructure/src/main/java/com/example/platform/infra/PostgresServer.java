package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from the binaries zonky publishes on Maven Central, so no
 * Docker and no system package is needed. Each service gets its own database and role.
 */
public final class PostgresServer implements AutoCloseable {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final EmbeddedPostgres postgres;

	private PostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	static PostgresServer start(Path dataDirectory, boolean keepData, int port) {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(!keepData)
				.setPort(FreePorts.orFree(port))
				// Four service instances with their pools, plus tests, exceed the default
				// 100.
				.setServerConfig("max_connections", "300")
				// Streaming replicas need WAL with replication information.
				.setServerConfig("wal_level", "replica")
				.start();
			PostgresServer server = new PostgresServer(postgres);
			server.requirePasswords(dataDirectory);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start in " + dataDirectory, ex);
		}
	}

	/**
	 * initdb trusts every local connection; services must prove who they are, so that a
	 * wrong password fails here as it would in production. The superuser keeps trust on
	 * loopback only, to administer the embedded server without a stored secret.
	 */
	private void requirePasswords(Path dataDirectory) throws IOException {
		String rules = String.join("\n", "# Written by PostgresServer: passwords for everyone but the local superuser.",
				"local all postgres trust", "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
				"host replication postgres 127.0.0.1/32 trust", "host replication postgres ::1/128 trust",
				"host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256",
				"host replication all 127.0.0.1/32 scram-sha-256", "host replication all ::1/128 scram-sha-256", "");
		Files.writeString(dataDirectory.resolve("pg_hba.conf"), rules);
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("select pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not reload PostgreSQL's authentication rules", ex);
		}
	}

	/**
	 * The port PostgreSQL listens on.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * A JDBC URL for a database on this server.
	 * @param database the database name
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + port() + "/" + database;
	}

	/**
	 * Creates a database owned by a role of the same name, unless both exist already; the
	 * role's password is (re)set either way.
	 * @param name database and role name, a lower-case SQL identifier
	 * @param password the role's password
	 * @return how to reach the database
	 */
	public DatabaseAccess createDatabase(String name, String password) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain lower-case identifier: '" + name + "'");
		}
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			if (!exists(connection, "select 1 from pg_roles where rolname = ?", name)) {
				statement.execute("create role " + name + " login");
			}
			statement.execute("alter role " + name + " password '" + password.replace("'", "''") + "'");
			if (!exists(connection, "select 1 from pg_database where datname = ?", name)) {
				statement.execute("create database " + name + " owner " + name);
			}
			return new DatabaseAccess(jdbcUrl(name), name, password);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	private static boolean exists(Connection connection, String query, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
		}
	}

}
