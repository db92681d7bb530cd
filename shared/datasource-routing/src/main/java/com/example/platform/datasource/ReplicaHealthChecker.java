package com.example.platform.datasource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Measures every replica against the primary on a fixed interval, on a thread of its own,
 * and so moves replicas in and out of read rotation.
 */
class ReplicaHealthChecker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplicaHealthChecker.class);

	private final DataSource primary;

	private final List<ReplicaPool> replicas;

	private final DataSourceRoutingProperties properties;

	private ScheduledExecutorService executor;

	ReplicaHealthChecker(DataSource primary, List<ReplicaPool> replicas, DataSourceRoutingProperties properties) {
		this.primary = primary;
		this.replicas = List.copyOf(replicas);
		this.properties = properties;
	}

	/**
	 * One round of checks; also run once before the application takes traffic, so that
	 * reads use healthy replicas from the first request.
	 */
	void checkNow() {
		Lsn primaryPosition = primaryPosition();
		long now = System.nanoTime();
		for (ReplicaPool replica : this.replicas) {
			replica.check(primaryPosition, now, this.properties.maxLagBytes().toBytes(),
					this.properties.maxLag().toNanos());
		}
	}

	private Lsn primaryPosition() {
		try (Connection connection = this.primary.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_current_wal_lsn()::text")) {
			result.next();
			return Lsn.parse(result.getString(1));
		}
		catch (SQLException | RuntimeException ex) {
			log.debug("Primary unreachable for the replica health check: {}", ex.getMessage());
			return null;
		}
	}

	@Override
	public synchronized void start() {
		if (this.replicas.isEmpty() || this.executor != null) {
			return;
		}
		checkNow();
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("replica-health").daemon(true).factory());
		long interval = this.properties.healthCheckInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void checkSafely() {
		try {
			checkNow();
		}
		catch (RuntimeException ex) {
			log.warn("Replica health check failed", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
