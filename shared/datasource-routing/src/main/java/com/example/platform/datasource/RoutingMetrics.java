package com.example.platform.datasource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The routing's meters. Prometheus names:
 * {@code db_reads_total{role,datasource,consistency}},
 * {@code db_read_your_writes_wait_seconds{outcome}},
 * {@code db_read_your_writes_fallbacks_total}, {@code db_replica_failovers_total},
 * {@code db_replica_lag_bytes{replica}}, {@code db_replica_lag_seconds{replica}},
 * {@code db_replica_in_rotation{replica}} and {@code db_replicas_in_rotation}.
 */
final class RoutingMetrics {

	private final MeterRegistry registry;

	private final Counter fallbacks;

	private final Counter failovers;

	RoutingMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.fallbacks = Counter.builder("db.read.your.writes.fallbacks")
			.description("Reads with a consistency token served by the primary because no replica caught up in time")
			.register(registry);
		this.failovers = Counter.builder("db.replica.failovers")
			.description("Read-only calls retried elsewhere after their replica failed")
			.register(registry);
	}

	void bind(List<ReplicaPool> replicas) {
		for (ReplicaPool replica : replicas) {
			Gauge.builder("db.replica.lag.bytes", replica, ReplicaPool::lagBytes)
				.description("WAL the primary has written that the replica has not replayed")
				.baseUnit("bytes")
				.tag("replica", replica.name())
				.register(this.registry);
			Gauge.builder("db.replica.lag.seconds", replica, ReplicaPool::lagSeconds)
				.description("Age of the oldest primary WAL position the replica has not replayed")
				.tag("replica", replica.name())
				.register(this.registry);
			Gauge.builder("db.replica.in.rotation", replica, (r) -> r.inRotation() ? 1 : 0)
				.description("1 while the replica serves reads")
				.tag("replica", replica.name())
				.register(this.registry);
		}
		Gauge
			.builder("db.replicas.in.rotation", replicas, (all) -> all.stream().filter(ReplicaPool::inRotation).count())
			.description("Replicas currently serving reads")
			.register(this.registry);
	}

	void read(String role, String dataSource, String consistency) {
		Counter.builder("db.reads")
			.description("Read-only transactions by the server that served them")
			.tag("role", role)
			.tag("datasource", dataSource)
			.tag("consistency", consistency)
			.register(this.registry)
			.increment();
	}

	void readYourWritesWait(String outcome, long nanos) {
		Timer.builder("db.read.your.writes.wait")
			.description("How long a read with a consistency token waited for a replica to replay it")
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	void readYourWritesFallback() {
		this.fallbacks.increment();
	}

	void failover() {
		this.failovers.increment();
	}

}
