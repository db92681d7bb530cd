package com.example.platform.gateway.console;

import com.example.platform.gateway.console.InstanceMetrics.Breaker;
import com.example.platform.gateway.console.InstanceMetrics.Reads;
import com.example.platform.gateway.console.InstanceMetrics.Replica;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceMetricsTests {

	// Lines as an order-service instance publishes them (trimmed).
	private static final String ORDER_SERVICE = """
			resilience4j_circuitbreaker_state{name="user-service",state="closed"} 0.0
			resilience4j_circuitbreaker_state{name="user-service",state="open"} 1.0
			resilience4j_circuitbreaker_state{name="user-service",state="half_open"} 0.0
			db_replica_lag_seconds{replica="replica-1"} 3.5
			db_replica_lag_bytes{replica="replica-1"} 2048.0
			db_replica_in_rotation{replica="replica-1"} 0.0
			db_replicas_in_rotation 0.0
			cache_gets_total{cache="users",result="hit"} 30.0
			cache_gets_total{cache="users",result="miss"} 5.0
			cache_gets_total{cache="orders",result="hit"} 60.0
			cache_gets_total{cache="orders",result="miss"} 5.0
			platform_cache_bypassed 0.0
			messaging_outbox_backlog_events 12.0
			messaging_outbox_oldest_age_seconds 8.25
			kafka_consumer_fetch_manager_records_lag{partition="0",topic="user-events"} 4.0
			kafka_consumer_fetch_manager_records_lag{partition="1",topic="user-events"} 3.0
			db_reads_total{consistency="strong",datasource="primary",role="primary"} 2.0
			db_reads_total{consistency="eventual",datasource="replica-1",role="replica"} 5.0
			db_reads_total{consistency="eventual",datasource="replica-1",role="replica",uri="/other"} 1.0
			platform_faults_injected_total{kind="latency"} 4.0
			platform_faults_injected_total{kind="error"} 1.0
			""";

	@Test
	void readsWhatTheConsoleShowsFromTheInstancesMeters() {
		InstanceMetrics metrics = InstanceMetrics.of(PrometheusText.parse(ORDER_SERVICE));

		assertThat(metrics.circuitBreakers()).containsExactly(new Breaker("user-service", "open"));
		assertThat(metrics.replicas()).containsExactly(new Replica("replica-1", 3.5, 2048.0, false));
		assertThat(metrics.cacheHitRatio()).isEqualTo(90.0 / 100.0);
		assertThat(metrics.cacheBypassed()).isFalse();
		assertThat(metrics.outboxBacklog()).isEqualTo(12.0);
		assertThat(metrics.outboxOldestAgeSeconds()).isEqualTo(8.25);
		assertThat(metrics.consumerLag()).isEqualTo(7.0);
		assertThat(metrics.reads()).containsExactly(new Reads("primary", "strong", 2.0),
				new Reads("replica-1", "eventual", 6.0));
		assertThat(metrics.faultsInjected()).isEqualTo(5.0);
	}

	@Test
	void leavesOutWhatAnInstanceDoesNotHave() {
		// A gateway: no database, cache, outbox or consumer.
		InstanceMetrics metrics = InstanceMetrics.of(PrometheusText.parse("jvm_threads_live_threads 40.0\n"));

		assertThat(metrics.circuitBreakers()).isEmpty();
		assertThat(metrics.replicas()).isEmpty();
		assertThat(metrics.reads()).isEmpty();
		assertThat(metrics.cacheHitRatio()).isNull();
		assertThat(metrics.cacheBypassed()).isNull();
		assertThat(metrics.outboxBacklog()).isNull();
		assertThat(metrics.consumerLag()).isNull();
		assertThat(metrics.faultsInjected()).isNull();
	}

	@Test
	void leavesOutPartitionsWithNoLagYet() {
		InstanceMetrics metrics = InstanceMetrics.of(PrometheusText.parse("""
				kafka_consumer_fetch_manager_records_lag{partition="0",topic="user-events"} NaN
				kafka_consumer_fetch_manager_records_lag{partition="1",topic="user-events"} 3.0
				"""));
		assertThat(metrics.consumerLag()).isEqualTo(3.0);

		assertThat(InstanceMetrics.of(PrometheusText.parse("""
				kafka_consumer_fetch_manager_records_lag{partition="0",topic="user-events"} NaN
				""")).consumerLag()).isNull();
	}

	@Test
	void showsNoHitRatioBeforeTheFirstCacheRead() {
		InstanceMetrics metrics = InstanceMetrics.of(PrometheusText.parse("""
				cache_gets_total{cache="users",result="hit"} 0.0
				cache_gets_total{cache="users",result="miss"} 0.0
				platform_cache_bypassed 1.0
				"""));

		assertThat(metrics.cacheHitRatio()).isNull();
		assertThat(metrics.cacheBypassed()).isTrue();
	}

}
