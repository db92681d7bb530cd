package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical streaming replica (hot standby) of the {@link PostgresServer primary},
 * started from a {@link BaseBackup} of it. Its data survives restarts when the primary's
 * does; a copy that no longer fits the primary is made anew.
 */
public final class PostgresReplica implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresReplica.class);

	private static final Duration INITIAL_CATCH_UP = Duration.ofSeconds(60);

	private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(10);

	private final PostgresServer primary;

	private final String name;

	private final Path dataDirectory;

	private final int port;

	private volatile EmbeddedPostgres postgres;

	private PostgresReplica(PostgresServer primary, String name, Path dataDirectory, int port) {
		this.primary = primary;
		this.name = name;
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	static PostgresReplica start(PostgresServer primary, String name, Path dataDirectory, int port) {
		PostgresReplica replica = new PostgresReplica(primary, name, dataDirectory, FreePorts.orFree(port));
		if (replica.reusable()) {
			try {
				replica.start();
				if (replica.followsPrimary()) {
					replica.awaitReplayed(INITIAL_CATCH_UP);
					return replica;
				}
				log.warn("Replica {} in {} is of another cluster; making a new copy", name, dataDirectory);
			}
			catch (RuntimeException ex) {
				log.warn("Replica {} in {} did not start ({}); making a new copy", name, dataDirectory,
						ex.getMessage());
			}
			replica.stop();
		}
		replica.copyPrimary();
		replica.start();
		replica.awaitReplayed(INITIAL_CATCH_UP);
		return replica;
	}

	/**
	 * The replica's name, e.g. {@code replica-1}; also its {@code application_name} on
	 * the primary.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The port the replica listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * A JDBC URL for a database on this replica; the roles and passwords are the
	 * primary's.
	 * @param database the database name
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://localhost:" + this.port + "/" + database;
	}

	Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Starts the replica again after {@link #stop()}; it catches up by streaming.
	 */
	public synchronized void start() {
		if (this.postgres != null) {
			return;
		}
		writeStandbyConfiguration();
		// The copy's rules are the primary's, but a replica kept from an earlier run
		// may hold older ones: configuration files are not replicated.
		PostgresServer.writeAuthenticationRules(this.dataDirectory);
		this.postgres = PostgresServer.startServer(this.dataDirectory, this.port,
				this.primary.credentials().postgresPassword());
	}

	/**
	 * Stops the replica (fast shutdown: sessions are disconnected).
	 */
	public synchronized void stop() {
		EmbeddedPostgres running = this.postgres;
		this.postgres = null;
		PostgresServer.closeQuietly(running, "PostgreSQL replica " + this.name);
	}

	/**
	 * Whether the replica is running.
	 * @return {@code true} unless stopped
	 */
	public boolean isRunning() {
		return this.postgres != null;
	}

	/**
	 * Stops applying WAL: the replica keeps receiving it and keeps answering queries,
	 * with the data as of the pause. Deterministic lag for tests.
	 */
	public void pauseReplay() {
		execute("select pg_wal_replay_pause()");
		// The request takes effect between two WAL records; wait for it, so that what
		// the caller writes next is certainly not applied.
		Instant deadline = Instant.now().plus(PAUSE_TIMEOUT);
		while (!"paused".equals(query("select pg_get_wal_replay_pause_state()"))) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Replica " + this.name + " did not pause replay");
			}
			pause();
		}
	}

	/**
	 * Applies WAL again after {@link #pauseReplay()}.
	 */
	public void resumeReplay() {
		execute("select pg_wal_replay_resume()");
	}

	/**
	 * Whether replay is paused.
	 * @return {@code true} after {@link #pauseReplay()}
	 */
	public boolean isReplayPaused() {
		return "t".equals(query("select pg_is_wal_replay_paused()"));
	}

	/**
	 * How far the replica has applied the primary's WAL.
	 * @return e.g. {@code 0/3000148}
	 */
	public String replayLsn() {
		return query("select pg_last_wal_replay_lsn()");
	}

	/**
	 * How many bytes of WAL the primary has written that this replica has not applied.
	 * @return the lag in bytes, {@code 0} when caught up
	 */
	public long lagBytes() {
		String primaryLsn = this.primary.currentWalLsn();
		return Long.parseLong(query("select greatest(0, '" + primaryLsn + "'::pg_lsn - pg_last_wal_replay_lsn())"));
	}

	/**
	 * Waits until the replica has applied everything the primary had written when called.
	 * @param timeout how long to wait at most
	 */
	public void awaitReplayed(Duration timeout) {
		String target = this.primary.currentWalLsn();
		Instant deadline = Instant.now().plus(timeout);
		while (!"t".equals(query("select pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn"))) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Replica " + this.name + " did not replay up to " + target + " within "
						+ timeout.toSeconds() + " s");
			}
			pause();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private boolean reusable() {
		if (!Files.exists(this.dataDirectory.resolve("standby.signal"))
				|| !Files.exists(this.dataDirectory.resolve("PG_VERSION"))) {
			return false;
		}
		try (Connection connection = this.primary.adminConnection()) {
			return BaseBackup.slotExists(connection, slot());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check replication slot " + slot(), ex);
		}
	}

	private boolean followsPrimary() {
		String replicaSystem = query("select system_identifier from pg_control_system()");
		try (Connection connection = this.primary.adminConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select system_identifier from pg_control_system()")) {
			result.next();
			return result.getString(1).equals(replicaSystem);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the primary's system identifier", ex);
		}
	}

	/**
	 * A fresh copy of the primary ({@link BaseBackup}), replacing whatever the data
	 * directory held.
	 */
	private void copyPrimary() {
		long started = System.nanoTime();
		BaseBackup.take(this.primary, this.name, slot(), this.dataDirectory);
		log.info("Replica {} copied from the primary in {} ms", this.name, (System.nanoTime() - started) / 1_000_000);
	}

	/**
	 * Written at every start, because the primary's port can change between runs (tests
	 * pick free ports). {@code postgresql.auto.conf} wins over the copied
	 * {@code postgresql.conf}.
	 */
	private void writeStandbyConfiguration() {
		String configuration = String.join("\n", "# Written by PostgresReplica at every start.",
				// The password sits in this file, readable by the server's owner only
				// (pg_basebackup -R writes it there too).
				"primary_conninfo = 'host=localhost port=" + this.primary.port() + " user="
						+ PostgresServer.REPLICATION_USER + " password="
						+ this.primary.credentials().replicationPassword() + " application_name=" + this.name + "'",
				"primary_slot_name = '" + slot() + "'", "hot_standby = on",
				// Queries on the replica keep the rows they read from the primary's
				// vacuum,
				// instead of being cancelled.
				"hot_standby_feedback = on",
				// Reconnect within a second when the primary comes back after an outage.
				"wal_retrieve_retry_interval = '1s'",
				// Report progress to the primary every second (pg_stat_replication).
				"wal_receiver_status_interval = '1s'", "");
		try {
			Files.writeString(this.dataDirectory.resolve("postgresql.auto.conf"), configuration);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not configure replica " + this.name, ex);
		}
	}

	private String slot() {
		return this.name.replace('-', '_');
	}

	private String query(String sql) {
		try (Connection connection = connection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Replica " + this.name + " could not answer '" + sql + "'", ex);
		}
	}

	private void execute(String sql) {
		try (Connection connection = connection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Replica " + this.name + " could not run '" + sql + "'", ex);
		}
	}

	private Connection connection() throws SQLException {
		EmbeddedPostgres running = this.postgres;
		if (running == null) {
			throw new SQLException("Replica " + this.name + " is stopped", "08006");
		}
		return running.getPostgresDatabase().getConnection();
	}

	private static void pause() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a replica", ex);
		}
	}

}
