package com.example.platform.datasource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * The pools, one per role and named after it ({@code primary}, {@code replica-1}, ...) so
 * that Hikari's metrics tell them apart, and the one {@link DataSource} the application
 * uses: Spring's {@link LazyConnectionDataSourceProxy}, which takes the connection of a
 * transaction marked read-only from the {@link ReadDataSource} and every other one from
 * the primary.
 */
final class RoutedDataSources implements AutoCloseable {

	private final HikariDataSource primary;

	private final List<ReplicaPool> replicas;

	private final RoutingMetrics metrics;

	private final LazyConnectionDataSourceProxy dataSource;

	private final StartupPatience startupPatience;

	RoutedDataSources(DataSourceProperties connection, DataSourceRoutingProperties properties, MeterRegistry registry) {
		this.metrics = new RoutingMetrics(registry);
		this.primary = pool("primary", connection.determineUrl(), connection, properties.primaryPool(), registry);
		// The short connection timeout is for requests; at start-up, with every JVM of
		// the platform booting on a small machine, connections may take longer.
		this.primary.setInitializationFailTimeout(properties.primaryPool().startupTimeout().toMillis());
		this.startupPatience = new StartupPatience(properties.primaryPool().startupTimeout());
		DataSource primaryAsUsed = this.startupPatience.applyTo(this.primary);
		List<ReplicaPool> replicas = new ArrayList<>();
		for (int i = 0; i < properties.replicas().size(); i++) {
			String name = "replica-" + (i + 1);
			HikariDataSource pool = pool(name, properties.replicas().get(i), connection, properties.replicaPool(),
					registry);
			// A replica refuses writes anyway; this makes a misrouted write fail in the
			// driver with a clear message.
			pool.setReadOnly(true);
			// Start without it: a replica may be down, and a health check brings it into
			// rotation once it answers.
			pool.setInitializationFailTimeout(-1);
			replicas.add(new ReplicaPool(name, pool));
		}
		this.replicas = List.copyOf(replicas);
		this.metrics.bind(this.replicas);
		this.dataSource = new LazyConnectionDataSourceProxy(primaryAsUsed);
		this.dataSource
			.setReadOnlyDataSource(new ReadDataSource(primaryAsUsed, this.replicas, properties, this.metrics));
		// Known up front, so the proxy never probes the primary for them: the
		// application can start, and read, while the primary is down.
		this.dataSource.setDefaultAutoCommit(true);
		this.dataSource.setDefaultTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
	}

	private static HikariDataSource pool(String name, String url, DataSourceProperties connection,
			DataSourceRoutingProperties.Pool settings, MeterRegistry registry) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName(name);
		pool.setJdbcUrl(url);
		pool.setUsername(connection.determineUsername());
		pool.setPassword(connection.determinePassword());
		pool.setDriverClassName(connection.determineDriverClassName());
		pool.setMaximumPoolSize(settings.maximumSize());
		pool.setConnectionTimeout(settings.connectionTimeout().toMillis());
		// Must not exceed the connection timeout; Hikari's minimum.
		pool.setValidationTimeout(250);
		pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
		return pool;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	StartupPatience startupPatience() {
		return this.startupPatience;
	}

	HikariDataSource primary() {
		return this.primary;
	}

	List<ReplicaPool> replicas() {
		return this.replicas;
	}

	RoutingMetrics metrics() {
		return this.metrics;
	}

	@Override
	public void close() {
		for (ReplicaPool replica : this.replicas) {
			replica.close();
		}
		this.primary.close();
	}

}
