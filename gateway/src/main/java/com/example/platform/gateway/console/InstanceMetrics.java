package com.example.platform.gateway.console;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.example.platform.gateway.console.PrometheusText.Sample;

/**
 * What the console shows of one instance, read from the meters it publishes for
 * Prometheus (the names the dashboards and alert rules use). A value is {@code null} when
 * the instance has no such meter: a gateway has no outbox, a service without a replica no
 * lag.
 *
 * @param circuitBreakers its clients' breakers (order-service's call to user-service)
 * @param replicas the read replicas it routes to, with lag and rotation
 * @param cacheHitRatio hits among cache reads since it started
 * @param cacheBypassed whether it reads past its cache (Redis unreachable)
 * @param outboxBacklog events written but not yet published to Kafka
 * @param outboxOldestAgeSeconds age of the oldest unpublished event
 * @param consumerLag records its Kafka consumers have yet to read, all partitions
 * @param reads read transactions by the server that served them and the consistency asked
 * for, since it started
 * @param faultsInjected requests slowed or failed by fault injection since it started
 */
record InstanceMetrics(List<Breaker> circuitBreakers, List<Replica> replicas, Double cacheHitRatio,
		Boolean cacheBypassed, Double outboxBacklog, Double outboxOldestAgeSeconds, Double consumerLag,
		List<Reads> reads, Double faultsInjected) {

	static InstanceMetrics of(List<Sample> samples) {
		Double hits = sum(samples, "cache_gets_total", (sample) -> sample.label("result").equals("hit"));
		Double misses = sum(samples, "cache_gets_total", (sample) -> sample.label("result").equals("miss"));
		Double bypassed = max(samples, "platform_cache_bypassed");
		return new InstanceMetrics(breakers(samples), replicas(samples), hitRatio(hits, misses),
				(bypassed != null) ? bypassed > 0 : null, max(samples, "messaging_outbox_backlog_events"),
				max(samples, "messaging_outbox_oldest_age_seconds"),
				sum(samples, "kafka_consumer_fetch_manager_records_lag", (sample) -> true), reads(samples),
				sum(samples, "platform_faults_injected_total", (sample) -> true));
	}

	private static List<Breaker> breakers(List<Sample> samples) {
		// One series per state; the current one is 1.
		return samples.stream()
			.filter((sample) -> sample.name().equals("resilience4j_circuitbreaker_state") && sample.value() == 1)
			.map((sample) -> new Breaker(sample.label("name"), sample.label("state")))
			.sorted(Comparator.comparing(Breaker::name))
			.toList();
	}

	private static List<Replica> replicas(List<Sample> samples) {
		Map<String, Double> lag = byLabel(samples, "db_replica_lag_seconds", "replica");
		Map<String, Double> lagBytes = byLabel(samples, "db_replica_lag_bytes", "replica");
		Map<String, Double> inRotation = byLabel(samples, "db_replica_in_rotation", "replica");
		return new TreeMap<>(inRotation).keySet()
			.stream()
			.map((replica) -> new Replica(replica, lag.get(replica), lagBytes.get(replica),
					inRotation.get(replica) > 0))
			.toList();
	}

	private static List<Reads> reads(List<Sample> samples) {
		Map<List<String>, Double> counts = samples.stream()
			.filter((sample) -> sample.name().equals("db_reads_total"))
			.collect(Collectors.groupingBy((sample) -> List.of(sample.label("datasource"), sample.label("consistency")),
					Collectors.summingDouble(Sample::value)));
		return counts.entrySet()
			.stream()
			.map((entry) -> new Reads(entry.getKey().get(0), entry.getKey().get(1), entry.getValue()))
			.sorted(Comparator.comparing(Reads::server).thenComparing(Reads::consistency))
			.toList();
	}

	private static Double hitRatio(Double hits, Double misses) {
		if (hits == null || misses == null || hits + misses == 0) {
			return null;
		}
		return hits / (hits + misses);
	}

	private static Map<String, Double> byLabel(List<Sample> samples, String name, String label) {
		return samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.collect(Collectors.toMap((sample) -> sample.label(label), Sample::value, Math::max));
	}

	// NaN is "no value yet" (a consumer's lag before its first fetch of a partition):
	// left
	// out, so that one such partition does not turn the whole sum into NaN.
	private static Double sum(List<Sample> samples, String name, Predicate<Sample> filter) {
		List<Sample> matching = samples.stream()
			.filter((sample) -> sample.name().equals(name) && !Double.isNaN(sample.value()) && filter.test(sample))
			.toList();
		return matching.isEmpty() ? null : matching.stream().mapToDouble(Sample::value).sum();
	}

	private static Double max(List<Sample> samples, String name) {
		return samples.stream()
			.filter((sample) -> sample.name().equals(name))
			.map(Sample::value)
			.max(Double::compare)
			.orElse(null);
	}

	/**
	 * A circuit breaker and its state.
	 *
	 * @param name the breaker, e.g. {@code user-service}
	 * @param state {@code closed}, {@code open}, {@code half_open}, ...
	 */
	record Breaker(String name, String state) {

	}

	/**
	 * A read replica as one instance sees it.
	 *
	 * @param name e.g. {@code replica-1}
	 * @param lagSeconds how far its replay is behind, in time
	 * @param lagBytes and in WAL bytes
	 * @param inRotation whether reads go to it
	 */
	record Replica(String name, Double lagSeconds, Double lagBytes, boolean inRotation) {

	}

	/**
	 * Read transactions served.
	 *
	 * @param server {@code primary} or a replica, e.g. {@code replica-1}
	 * @param consistency what the requests asked for
	 * @param count how many
	 */
	record Reads(String server, String consistency, double count) {

	}

}
