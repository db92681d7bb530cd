package com.example.platform.datasource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Where read-only transactions get their connection: a healthy replica, taken in turn,
 * that satisfies the request's consistency; the primary when none does. Only the
 * {@link org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy} calls this,
 * at the first statement of a transaction marked read-only.
 */
class ReadDataSource extends AbstractDataSource {

	// The replica that served this thread's last read-only connection, so a failed read
	// can be retried elsewhere (ReplicaFailoverInterceptor).
	private static final ThreadLocal<ReplicaPool> routed = new ThreadLocal<>();

	private final DataSource primary;

	private final List<ReplicaPool> replicas;

	private final long waitNanos;

	private final long pollNanos;

	private final RoutingMetrics metrics;

	private final AtomicInteger next = new AtomicInteger();

	ReadDataSource(DataSource primary, List<ReplicaPool> replicas, DataSourceRoutingProperties properties,
			RoutingMetrics metrics) {
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.waitNanos = properties.readYourWritesTimeout().toNanos();
		this.pollNanos = properties.readYourWritesPollInterval().toNanos();
		this.metrics = metrics;
	}

	static ReplicaPool routedReplica() {
		return routed.get();
	}

	static void forgetRouting() {
		routed.remove();
	}

	@Override
	public Connection getConnection() throws SQLException {
		RequestConsistency request = RequestConsistency.current();
		String mode = (request != null) ? request.mode() : "eventual";
		routed.remove();
		if (request != null && request.strong()) {
			return primary(mode);
		}
		List<ReplicaPool> rotation = rotation();
		Lsn required = (request != null) ? request.required() : null;
		if (required == null) {
			for (ReplicaPool replica : rotation) {
				Connection connection = tryReplica(replica);
				if (connection != null) {
					return routedTo(replica, mode, connection);
				}
			}
			return primary(mode);
		}
		return readYourWrites(rotation, required, mode);
	}

	/**
	 * A replica known to have replayed the token serves at once. Otherwise the most
	 * advanced one is asked until it has, or the bound passes and the primary serves.
	 */
	private Connection readYourWrites(List<ReplicaPool> rotation, Lsn required, String mode) throws SQLException {
		long started = System.nanoTime();
		for (ReplicaPool replica : rotation) {
			Lsn replayed = replica.replayed();
			if (replayed != null && replayed.isAtLeast(required)) {
				Connection connection = tryReplica(replica);
				if (connection != null) {
					this.metrics.readYourWritesWait("replica", System.nanoTime() - started);
					return routedTo(replica, mode, connection);
				}
			}
		}
		List<ReplicaPool> candidates = new ArrayList<>(rotation);
		candidates.removeIf((replica) -> !replica.inRotation());
		candidates.sort(Comparator.comparing(ReadDataSource::replayedOrZero).reversed());
		for (ReplicaPool replica : candidates) {
			Connection connection = tryReplica(replica);
			if (connection == null) {
				continue;
			}
			try {
				while (true) {
					Lsn replayed = ReplicaPool.replayPosition(connection);
					replica.observeReplayed(replayed);
					if (replayed != null && replayed.isAtLeast(required)) {
						this.metrics.readYourWritesWait("replica", System.nanoTime() - started);
						return routedTo(replica, mode, connection);
					}
					if (System.nanoTime() - started >= this.waitNanos) {
						break;
					}
					LockSupport.parkNanos(Math.min(this.pollNanos, TimeUnit.MILLISECONDS.toNanos(50)));
				}
			}
			catch (SQLException | RuntimeException ex) {
				replica.markDown(ex);
			}
			connection.close();
			break;
		}
		this.metrics.readYourWritesWait("primary", System.nanoTime() - started);
		this.metrics.readYourWritesFallback();
		return primary(mode);
	}

	private static long replayedOrZero(ReplicaPool replica) {
		Lsn replayed = replica.replayed();
		return (replayed != null) ? replayed.value() : 0;
	}

	private List<ReplicaPool> rotation() {
		List<ReplicaPool> healthy = new ArrayList<>(this.replicas.size());
		for (ReplicaPool replica : this.replicas) {
			if (replica.inRotation()) {
				healthy.add(replica);
			}
		}
		if (healthy.size() > 1) {
			int start = Math.floorMod(this.next.getAndIncrement(), healthy.size());
			List<ReplicaPool> ordered = new ArrayList<>(healthy.subList(start, healthy.size()));
			ordered.addAll(healthy.subList(0, start));
			return ordered;
		}
		return healthy;
	}

	private static Connection tryReplica(ReplicaPool replica) {
		try {
			return replica.getConnection();
		}
		catch (SQLException ex) {
			// Hikari names the last connection failure as the cause when the server is
			// unreachable; without one the pool was merely busy, and the replica stays.
			if (ex.getCause() != null) {
				replica.markDown(ex);
			}
			return null;
		}
	}

	private Connection routedTo(ReplicaPool replica, String mode, Connection connection) {
		routed.set(replica);
		this.metrics.read("replica", replica.name(), mode);
		report(replica.name(), mode);
		return connection;
	}

	private Connection primary(String mode) throws SQLException {
		Connection connection = this.primary.getConnection();
		this.metrics.read("primary", "primary", mode);
		report("primary", mode);
		return connection;
	}

	private static void report(String source, String mode) {
		RequestConsistency request = RequestConsistency.current();
		if (request != null) {
			request.readFrom(source, mode);
		}
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new UnsupportedOperationException("Read routing uses the configured credentials");
	}

}
