package com.example.platform.benchmark;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.example.platform.benchmark.BenchmarkContext.PACED_CONNECTIONS;
import static com.example.platform.benchmark.BenchmarkContext.median;

/**
 * The same read from an extra instance whose user cache entries expire after a
 * millisecond, so every read misses, loads from a replica and writes the entry back. Its
 * own schema version gives it its own Redis keys: sharing the others' entries (ten
 * minutes' lifetime) it would hit them.
 */
final class CacheMisses {

	private final BenchmarkContext context;

	CacheMisses(BenchmarkContext context) {
		this.context = context;
	}

	/**
	 * Measures and reports.
	 * @param directSaturation the cached reads' direct saturation, requests per second
	 */
	void run(double directSaturation) {
		BenchmarkContext context = this.context;
		String missing = context.platform()
			.addInstance("user-service", Map.of("SPRING_APPLICATION_JSON",
					"{\"platform\":{\"cache\":{\"schema-version\":2,\"ttls\":{\"users\":\"1ms\"}}}}"));
		try {
			RequestFile reads = context.reads();
			Map<String, URI> targets = new LinkedHashMap<>();
			targets.put("cache hit", context.instance("user-service-1"));
			targets.put("cache miss", context.instance(missing));
			String scenario = "GET user direct, " + context.settings().connections() + " connections";
			context.warmUp(Map.of("cache miss", targets.get("cache miss")), reads);
			Map<String, List<LoadResult>> saturated = context.interleaved(targets, (via, uri) -> context.wrk()
				.saturate(uri, reads.current(), context.settings().connections(), context.settings().duration()));
			saturated.forEach((via, results) -> context.figures(scenario, via, results));
			double rate = Math.min(directSaturation, median(saturated.get("cache miss"), LoadResult::throughput)) / 2;
			String paced = "GET user direct, ~" + Math.round(rate) + " req/s (half of miss saturation)";
			Map<String, List<LoadResult>> latencies = context.interleaved(targets, (via, uri) -> context.wrk()
				.paced(uri, reads.current(), PACED_CONNECTIONS, rate, context.settings().duration()));
			latencies.forEach((via, results) -> context.figures(paced, via, results));
			context.report()
				.add(new Target("cache-hit p50 / cache-miss p50",
						median(latencies.get("cache hit"), LoadResult::p50Millis)
								/ median(latencies.get("cache miss"), LoadResult::p50Millis),
						0.5, false, ""));
			CacheCounts counts = CacheCounts.scrape(context.http(), context.managementUri(missing));
			context.report()
				.note("The cache-miss instance answered %.0f of %.0f user cache reads from the database"
					.formatted(counts.misses(), counts.misses() + counts.hits()));
			if (!(counts.misses() >= 0.9 * (counts.misses() + counts.hits()))) {
				throw new IllegalStateException("The cache-miss instance mostly hit its cache: " + counts);
			}
		}
		finally {
			context.platform().stop(missing);
		}
	}

}
