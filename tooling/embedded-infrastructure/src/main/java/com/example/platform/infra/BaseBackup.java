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
import java.util.Set;

/**
 * A base backup of the primary without {@code pg_basebackup}, which the embedded binaries
 * do not ship: a replication slot, {@code pg_backup_start()}, a copy of the primary's
 * data directory, {@code pg_backup_stop()}'s label, then {@code standby.signal}. The slot
 * is created first, reserving WAL from before the backup starts, so the replica streams
 * whatever the copy missed.
 */
final class BaseBackup {

	// Copied by a base backup only as empty directories, per the PostgreSQL manual.
	private static final Set<String> CONTENTS_SKIPPED = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
			"pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

	private static final Set<String> FILES_SKIPPED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
			"backup_label", "tablespace_map", "standby.signal", "recovery.signal", "pg_internal.init");

	private BaseBackup() {
	}

	/**
	 * Copies the primary into a data directory a standby can start from, replacing what
	 * the directory held and the slot of an earlier copy.
	 * @param primary the server to copy
	 * @param label the backup's label, the replica's name
	 * @param slot the replication slot the replica will stream from
	 * @param target the replica's data directory
	 */
	static void take(PostgresServer primary, String label, String slot, Path target) {
		try (Connection connection = primary.adminConnection(); Statement statement = connection.createStatement()) {
			FileTrees.delete(target);
			if (slotExists(connection, slot)) {
				statement.execute("select pg_drop_replication_slot('" + slot + "')");
			}
			statement.execute("select pg_create_physical_replication_slot('" + slot + "', true)");
			// Fast checkpoint: the copy starts now rather than at the next scheduled one.
			statement.execute("select pg_backup_start('" + label + "', true)");
			String backupLabel;
			String tablespaceMap;
			try {
				copyDirectory(primary.dataDirectory(), target);
			}
			finally {
				try (ResultSet result = statement
					.executeQuery("select labelfile, spcmapfile from pg_backup_stop(false)")) {
					result.next();
					backupLabel = result.getString(1);
					tablespaceMap = result.getString(2);
				}
			}
			Files.writeString(target.resolve("backup_label"), backupLabel);
			if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
				Files.writeString(target.resolve("tablespace_map"), tablespaceMap);
			}
			Files.createFile(target.resolve("standby.signal"));
			// PostgreSQL refuses a data directory others can read.
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy the primary into " + target, ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not take a base backup of the primary", ex);
		}
	}

	/**
	 * Whether the primary holds a replication slot.
	 * @param connection an administrator's connection to the primary
	 * @param slot the slot's name
	 * @return {@code true} when it exists
	 * @throws SQLException if the primary cannot answer
	 */
	static boolean slotExists(Connection connection, String slot) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select 1 from pg_replication_slots where slot_name = ?")) {
			statement.setString(1, slot);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
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

}
