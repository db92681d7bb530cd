package com.example.platform.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming replica: its connection pool and what the last health check found. A
 * replica is in read rotation while it answers, is in recovery (a standby, not a promoted
 * primary) and lags less than the configured bounds.
 */
final class ReplicaPool implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ReplicaPool.class);

	private static final String STATUS = "select pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
			+ "pg_last_wal_receive_lsn()::text";

	private final String name;

	private final HikariDataSource pool;

	// Primary positions the replica had not replayed when first seen, oldest first: the
	// age of the oldest is how far behind in time the replica is.
	private final Deque<Sample> unreplayed = new ArrayDeque<>();

	private volatile boolean inRotation;

	private volatile Lsn replayed;

	private volatile long lagBytes;

	private volatile double lagSeconds;

	ReplicaPool(String name, HikariDataSource pool) {
		this.name = name;
		this.pool = pool;
	}

	String name() {
		return this.name;
	}

	Connection getConnection() throws SQLException {
		return this.pool.getConnection();
	}

	boolean inRotation() {
		return this.inRotation;
	}

	Lsn replayed() {
		return this.replayed;
	}

	long lagBytes() {
		return this.lagBytes;
	}

	double lagSeconds() {
		return this.lagSeconds;
	}

	/**
	 * Records a replay position seen by a read; positions only grow.
	 */
	void observeReplayed(Lsn position) {
		Lsn known = this.replayed;
		if (position != null && (known == null || position.isAtLeast(known))) {
			this.replayed = position;
		}
	}

	static Lsn replayPosition(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_last_wal_replay_lsn()::text")) {
			result.next();
			String text = result.getString(1);
			return (text != null) ? Lsn.parse(text) : null;
		}
	}

	/**
	 * Measures the replica against the primary's current position (null while the primary
	 * is unreachable: the replica is then judged by what it has received).
	 */
	synchronized void check(Lsn primary, long nowNanos, long maxLagBytes, long maxLagNanos) {
		try (Connection connection = this.pool.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(STATUS)) {
			result.next();
			boolean inRecovery = result.getBoolean(1);
			Lsn replay = (result.getString(2) != null) ? Lsn.parse(result.getString(2)) : null;
			Lsn received = (result.getString(3) != null) ? Lsn.parse(result.getString(3)) : null;
			observeReplayed(replay);
			Lsn ahead = (primary != null) ? primary : received;
			this.lagBytes = (ahead != null && replay != null) ? ahead.bytesAfter(replay) : 0;
			if (primary != null
					&& (this.unreplayed.isEmpty() || primary.compareTo(this.unreplayed.getLast().position) > 0)) {
				this.unreplayed.addLast(new Sample(primary, nowNanos));
			}
			while (!this.unreplayed.isEmpty() && replay != null
					&& replay.isAtLeast(this.unreplayed.getFirst().position)) {
				this.unreplayed.removeFirst();
			}
			long behindNanos = this.unreplayed.isEmpty() ? 0 : nowNanos - this.unreplayed.getFirst().seenNanos;
			this.lagSeconds = behindNanos / 1e9;
			boolean healthy = inRecovery && replay != null && this.lagBytes <= maxLagBytes
					&& behindNanos <= maxLagNanos;
			if (healthy != this.inRotation) {
				log.info("Replica {} {} read rotation (lag {} bytes, {} s)", this.name, healthy ? "joins" : "leaves",
						this.lagBytes, String.format("%.1f", this.lagSeconds));
			}
			this.inRotation = healthy;
		}
		catch (SQLException | IllegalArgumentException ex) {
			markDown(ex);
		}
	}

	/**
	 * Takes the replica out of rotation until a health check finds it answering again,
	 * and drops its pooled connections, which a restarted server no longer knows.
	 */
	void markDown(Exception cause) {
		if (this.inRotation) {
			log.warn("Replica {} leaves read rotation: {}", this.name, cause.getMessage());
		}
		this.inRotation = false;
		HikariPoolMXBean bean = this.pool.getHikariPoolMXBean();
		if (bean != null) {
			bean.softEvictConnections();
		}
	}

	@Override
	public void close() {
		this.pool.close();
	}

	private record Sample(Lsn position, long seenNanos) {

	}

}
