package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 primary from the binaries zonky publishes on Maven Central, so no
 * Docker and no system package is needed, with a physical streaming replica. Each service
 * gets its own database and role; both live on this one cluster and so on its replica.
 */
public final class PostgresServer implements AutoCloseable {

	/** The superuser initdb creates; it has a password like every other role. */
	public static final String SUPERUSER = "postgres";

	/** The role the replicas stream with: replication only, no database access. */
	public static final String REPLICATION_USER = "replicator";

	/**
	 * Every connection needs a password (SCRAM), the superuser's and the replicas' too,
	 * on the socket and on loopback; nothing else is accepted. Replication connections
	 * only as {@link #REPLICATION_USER}, which may open no database session.
	 */
	static final String AUTHENTICATION_RULES = String.join("\n",
			"# Written by the embedded PostgreSQL: a password for everyone, no trust.",
			"host replication " + REPLICATION_USER + " 127.0.0.1/32 scram-sha-256",
			"host replication " + REPLICATION_USER + " ::1/128 scram-sha-256",
			"local all " + REPLICATION_USER + " reject", "host all " + REPLICATION_USER + " 127.0.0.1/32 reject",
			"host all " + REPLICATION_USER + " ::1/128 reject", "local all all scram-sha-256",
			"host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", "");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

	// A new database must reach the replica before a service connects to it there.
	private static final Duration REPLICA_CATCH_UP = Duration.ofSeconds(30);

	/**
	 * Settings primary and replica share: a hot standby refuses to start with fewer
	 * connections than its primary allows.
	 */
	static final Map<String, String> SERVER_CONFIG = Map.of(
			// Four service instances with two pools each, plus tests, exceed the default
			// 100.
			"max_connections", "300",
			// Streaming replicas need WAL with replication information.
			"wal_level", "replica",
			// zonky turns this off for speed; a commit must be in the WAL the moment it
			// returns, or pg_current_wal_lsn() after a commit would not cover it and a
			// replica that reached that position could still miss the write.
			"synchronous_commit", "on");

	private final Path dataDirectory;

	private final int port;

	private final boolean keepData;

	private final InfrastructureCredentials credentials;

	private final List<PostgresReplica> replicas = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile EmbeddedPostgres postgres;

	private PostgresServer(Path dataDirectory, int port, boolean keepData, InfrastructureCredentials credentials) {
		this.dataDirectory = dataDirectory;
		this.port = port;
		this.keepData = keepData;
		this.credentials = credentials;
	}

	static PostgresServer start(Path dataDirectory, boolean keepData, int port, int replicaPort,
			InfrastructureCredentials credentials) {
		Path replicaDirectory = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-replica-1");
		try {
			if (!keepData) {
				FileTrees.delete(dataDirectory);
				FileTrees.delete(replicaDirectory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot wipe PostgreSQL's data in " + dataDirectory, ex);
		}
		PostgresServer server = new PostgresServer(dataDirectory, FreePorts.orFree(port), keepData, credentials);
		server.start();
		try {
			server.requirePasswords();
			server.replicas.add(PostgresReplica.start(server, "replica-1", replicaDirectory, replicaPort));
			return server;
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	/**
	 * Starts the primary again after {@link #stop()}, on the same port and data; replicas
	 * reconnect by themselves.
	 */
	public synchronized void start() {
		if (this.postgres != null) {
			return;
		}
		this.postgres = startServer(this.dataDirectory, this.port, this.credentials.postgresPassword());
	}

	/**
	 * Stops the primary (fast shutdown: sessions are disconnected); its data stays.
	 * Replicas keep serving reads.
	 */
	public synchronized void stop() {
		EmbeddedPostgres running = this.postgres;
		this.postgres = null;
		closeQuietly(running, "PostgreSQL primary");
	}

	/**
	 * Whether the primary is running.
	 * @return {@code true} unless stopped
	 */
	public boolean isRunning() {
		return this.postgres != null;
	}

	/**
	 * Starts a server whose administrative connections (zonky's start-up check, ours) log
	 * in as the superuser with its password.
	 */
	static EmbeddedPostgres startServer(Path dataDirectory, int port, String superuserPassword) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setConnectConfig("password", superuserPassword)
				.setDataDirectory(dataDirectory)
				// Wiping is done by the caller: zonky would also wipe on every stop, and
				// the primary must survive a stop/start in outage tests.
				.setCleanDataDirectory(false)
				.setPGStartupWait(STARTUP_WAIT)
				.setPort(port);
			SERVER_CONFIG.forEach(builder::setServerConfig);
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start in " + dataDirectory, ex);
		}
	}

	static void closeQuietly(EmbeddedPostgres postgres, String what) {
		if (postgres == null) {
			return;
		}
		try {
			postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(what + " did not stop cleanly", ex);
		}
	}

	/**
	 * initdb (run by zonky) trusts every local connection. Before anything else connects,
	 * the superuser gets its password, the replication role is (re)created with its own,
	 * and the trust rules are replaced by {@link #AUTHENTICATION_RULES}. On a data
	 * directory of an earlier run this sets the same passwords again, or new ones after
	 * they were changed (which needs the old superuser password to connect: a lost one
	 * means starting from fresh data).
	 */
	private void requirePasswords() {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("alter role " + SUPERUSER + " password '" + this.credentials.postgresPassword() + "'");
			if (!exists(connection, "select 1 from pg_roles where rolname = ?", REPLICATION_USER)) {
				statement.execute("create role " + REPLICATION_USER + " replication login");
			}
			statement.execute(
					"alter role " + REPLICATION_USER + " password '" + this.credentials.replicationPassword() + "'");
			writeAuthenticationRules(this.dataDirectory);
			statement.execute("select pg_reload_conf()");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not set PostgreSQL's passwords and authentication rules", ex);
		}
	}

	static void writeAuthenticationRules(Path dataDirectory) {
		try {
			Files.writeString(dataDirectory.resolve("pg_hba.conf"), AUTHENTICATION_RULES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write PostgreSQL's authentication rules", ex);
		}
	}

	InfrastructureCredentials credentials() {
		return this.credentials;
	}

	Connection adminConnection() throws SQLException {
		EmbeddedPostgres running = this.postgres;
		if (running == null) {
			throw new SQLException("The PostgreSQL primary is stopped", "08006");
		}
		return running.getPostgresDatabase().getConnection();
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * The port PostgreSQL listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
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
	 * A connection to a database on this server as the superuser, for tests and tools
	 * that look past the services' own roles.
	 * @param database the database name
	 * @return an open connection; the caller closes it
	 * @throws SQLException if the primary is unreachable
	 */
	public Connection connectAsSuperuser(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, this.credentials.postgresPassword());
	}

	/**
	 * The streaming replicas of this primary.
	 * @return the replicas, at least one
	 */
	public List<PostgresReplica> replicas() {
		return List.copyOf(this.replicas);
	}

	/**
	 * The first streaming replica.
	 * @return the replica
	 */
	public PostgresReplica replica() {
		return this.replicas.getFirst();
	}

	/**
	 * The primary's current WAL write position.
	 * @return e.g. {@code 0/3000148}
	 */
	public String currentWalLsn() {
		try (Connection connection = adminConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_current_wal_lsn()")) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the primary's WAL position", ex);
		}
	}

	/**
	 * Creates a database owned by a role of the same name, unless both exist already; the
	 * role's password is (re)set either way. A new database is waited for on the
	 * replicas, unless one of them is paused or stopped.
	 * @param name database and role name, a lower-case SQL identifier
	 * @param password the role's password
	 * @return how to reach the database, on the primary and on each replica
	 */
	public DatabaseAccess createDatabase(String name, String password) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain lower-case identifier: '" + name + "'");
		}
		boolean created = false;
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			if (!exists(connection, "select 1 from pg_roles where rolname = ?", name)) {
				statement.execute("create role " + name + " login");
			}
			statement.execute("alter role " + name + " password '" + password.replace("'", "''") + "'");
			if (!exists(connection, "select 1 from pg_database where datname = ?", name)) {
				statement.execute("create database " + name + " owner " + name);
				// Only its owner connects: another service's role cannot even look at
				// the catalogue.
				statement.execute("revoke connect, temporary on database " + name + " from public");
				created = true;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		if (created) {
			for (PostgresReplica replica : this.replicas) {
				if (replica.isRunning() && !replica.isReplayPaused()) {
					replica.awaitReplayed(REPLICA_CATCH_UP);
				}
			}
		}
		return new DatabaseAccess(jdbcUrl(name), name, password,
				this.replicas.stream().map((replica) -> replica.jdbcUrl(name)).toList());
	}

	private static boolean exists(Connection connection, String query, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	/**
	 * Stops the replicas, then the primary, and wipes their data unless it is kept.
	 */
	@Override
	public void close() {
		for (PostgresReplica replica : this.replicas) {
			replica.close();
		}
		stop();
		if (!this.keepData) {
			try {
				FileTrees.delete(this.dataDirectory);
				for (PostgresReplica replica : this.replicas) {
					FileTrees.delete(replica.dataDirectory());
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not wipe PostgreSQL's data", ex);
			}
		}
	}

}
