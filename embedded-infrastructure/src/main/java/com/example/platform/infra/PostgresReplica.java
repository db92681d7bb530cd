package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A physical streaming replica (hot standby) of the {@link PostgresServer primary}, made
 * the way {@code pg_basebackup} would if the embedded binaries shipped it: a replication
 * slot, {@code pg_backup_start()}, a copy of the primary's data directory,
 * {@code pg_backup_stop()}'s label, then {@code standby.signal}. Its data survives
 * restarts when the primary's does; a copy that no longer fits the primary is made anew.
 */
public final class PostgresReplica implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresReplica.class);

	private static final Duration INITIAL_CATCH_UP = Duration.ofSeconds(60);

	private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(10);

	// Copied by a base backup only as empty directories, per the PostgreSQL manual.
	private static final Set<String> CONTENTS_SKIPPED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
			"pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

	private static final Set<String> FILES_SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
			"backup_label", "tablespace_map", "standby.signal", "recovery.signal", "pg_internal.init");

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
		this.postgres = PostgresServer.startServer(this.dataDirectory, this.port);
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
			return slotExists(connection);
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
	 * A base backup without {@code pg_basebackup}. The slot is created first, reserving
	 * WAL from before the backup starts, so the replica streams whatever the copy missed.
	 */
	private void copyPrimary() {
		long started = System.nanoTime();
		try (Connection connection = this.primary.adminConnection();
				Statement statement = connection.createStatement()) {
			FileTrees.delete(this.dataDirectory);
			if (slotExists(connection)) {
				statement.execute("select pg_drop_replication_slot('" + slot() + "')");
			}
			statement.execute("select pg_create_physical_replication_slot('" + slot() + "', true)");
			// Fast checkpoint: the copy starts now rather than at the next scheduled one.
			statement.execute("select pg_backup_start('" + this.name + "', true)");
			String label;
			String tablespaceMap;
			try {
				copyDirectory(this.primary.dataDirectory(), this.dataDirectory);
			}
			finally {
				try (ResultSet result = statement
					.executeQuery("select labelfile, spcmapfile from pg_backup_stop(false)")) {
					result.next();
					label = result.getString(1);
					tablespaceMap = result.getString(2);
				}
			}
			Files.writeString(this.dataDirectory.resolve("backup_label"), label);
			if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
				Files.writeString(this.dataDirectory.resolve("tablespace_map"), tablespaceMap);
			}
			Files.createFile(this.dataDirectory.resolve("standby.signal"));
			// PostgreSQL refuses a data directory others can read.
			Files.setPosixFilePermissions(this.dataDirectory, PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy the primary into " + this.dataDirectory, ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not take a base backup of the primary", ex);
		}
		log.info("Replica {} copied from the primary in {} ms", this.name, (System.nanoTime() - started) / 1_000_000);
	}

	private static void copyDirectory(Path source, Path target) throws IOException {
		Files.walkFileTree(source, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
					throws IOException {
				Files.createDirectories(target.resolve(source.relativize(directory).toString()));
				boolean skipContents = directory.getParent() != null && directory.getParent().equals(source)
						&& CONTENTS_SKIPPED.contains(directory.getFileName().toString());
				if (directory.getFileName().toString().equals("pg_wal") && skipContents) {
					Files.createDirectories(target.resolve("pg_wal/archive_status"));
					Files.createDirectories(target.resolve("pg_wal/summaries"));
				}
				return skipContents ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				String name = file.getFileName().toString();
				if (FILES_SKIPPED.contains(name) || name.startsWith("pgsql_tmp")) {
					return FileVisitResult.CONTINUE;
				}
				try {
					Files.copy(file, target.resolve(source.relativize(file).toString()),
							StandardCopyOption.COPY_ATTRIBUTES);
				}
				catch (NoSuchFileException ex) {
					// Removed by the running primary while copying; WAL replay restores
					// what matters.
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				if (ex instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}

		});
	}

	/**
	 * Written at every start, because the primary's port can change between runs (tests
	 * pick free ports). {@code postgresql.auto.conf} wins over the copied
	 * {@code postgresql.conf}.
	 */
	private void writeStandbyConfiguration() {
		String configuration = String.join("\n", "# Written by PostgresReplica at every start.",
				"primary_conninfo = 'host=localhost port=" + this.primary.port() + " user=postgres application_name="
						+ this.name + "'",
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

	private boolean slotExists(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select 1 from pg_replication_slots where slot_name = ?")) {
			statement.setString(1, slot());
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
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
