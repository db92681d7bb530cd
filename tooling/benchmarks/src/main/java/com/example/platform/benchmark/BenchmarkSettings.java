package com.example.platform.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long and how hard {@code ./benchmark} measures; each can be set as
 * {@code --name=value}.
 *
 * @param repository the repository root
 * @param results where the tables and the chart are written
 * @param warmUp the length of one warm-up window; each target gets windows until
 * {@link WarmUp} calls it warm
 * @param duration one measured run
 * @param rounds measured runs per figure, interleaved across the targets
 * @param connections concurrent connections of the saturating runs
 * @param users users whose tokens the requests carry (the gateway limits each user)
 * @param orderRate the fixed order rate of the event-latency run, per second
 * @param eventDuration how long the event-latency run lasts
 * @param jvmOptions the applications' JVM options
 * @param aotCache whether the measured platform runs on AOT caches (trained first), to
 * measure what they change under load, e.g. the memory two instances of one application
 * share
 * @param scenarios what to measure (all of {@link #SCENARIOS} by default): fewer for a
 * quick before/after comparison while tuning
 */
record BenchmarkSettings(Path repository, Path results, Duration warmUp, Duration duration, int rounds, int connections,
		int users, int orderRate, Duration eventDuration, List<String> jvmOptions, boolean aotCache,
		Set<String> scenarios) {

	/**
	 * The local run's heap and collector, but with the optimizing JIT compiler as in the
	 * container images: the local run stops at C1 to start sooner, which costs a service
	 * about 40 % of its throughput (docs/performance.md).
	 */
	static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");

	/** Cache misses are compared with the cached reads' saturation, so they need them. */
	static final List<String> SCENARIOS = List.of("reads", "misses", "orders", "events", "aot", "tls");

	BenchmarkSettings {
		if (!SCENARIOS.containsAll(scenarios)) {
			throw new IllegalArgumentException("--scenarios takes some of " + SCENARIOS + ", not " + scenarios);
		}
		if (scenarios.contains("misses") && !scenarios.contains("reads")) {
			throw new IllegalArgumentException("--scenarios: misses need reads");
		}
	}

	boolean measures(String scenario) {
		return this.scenarios.contains(scenario);
	}

	static BenchmarkSettings parse(Path repository, String... args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'; use --name=value");
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		BenchmarkSettings settings = new BenchmarkSettings(repository,
				Path.of(values.getOrDefault("results", repository.resolve("tooling/benchmarks/results").toString())),
				seconds(values, "warm-up-seconds", 15), seconds(values, "duration-seconds", 10),
				positive(values, "rounds", 3), positive(values, "connections", 32), positive(values, "users", 64),
				positive(values, "order-rate", 100), seconds(values, "event-seconds", 60),
				values.containsKey("jvm-options") ? List.of(values.get("jvm-options").trim().split("\\s+"))
						: DEFAULT_JVM_OPTIONS,
				Boolean.parseBoolean(values.getOrDefault("aot-cache", "false")),
				Set.of(values.getOrDefault("scenarios", String.join(",", SCENARIOS)).split(",")));
		values.keySet()
			.removeAll(List.of("results", "warm-up-seconds", "duration-seconds", "rounds", "connections", "users",
					"order-rate", "event-seconds", "jvm-options", "aot-cache", "scenarios"));
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown option(s): " + values.keySet());
		}
		return settings;
	}

	private static Duration seconds(Map<String, String> values, String name, int fallback) {
		return Duration.ofSeconds(positive(values, name, fallback));
	}

	private static int positive(Map<String, String> values, String name, int fallback) {
		int value = Integer.parseInt(values.getOrDefault(name, String.valueOf(fallback)));
		if (value < 1) {
			throw new IllegalArgumentException("--" + name + " must be at least 1");
		}
		return value;
	}

}
