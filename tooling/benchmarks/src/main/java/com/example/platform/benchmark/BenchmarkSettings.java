package com.example.platform.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.platform.local.PlatformSettings;

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
	static final List<String> DEFAULT_JVM_OPTIONS = PlatformSettings.DEFAULT_JVM_OPTIONS.stream()
		.filter((option) -> !option.startsWith("-XX:TieredStopAtLevel"))
		.toList();

	/** Cache misses are compared with the cached reads' saturation, so they need them. */
	static final List<String> SCENARIOS = List.of("reads", "misses", "orders", "events", "aot", "tls");

	/** Every option, with its default: what a mistyped or unknown option is told. */
	static final Map<String, String> OPTIONS = options();

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
		Map<String, String> given = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'; use --name=value");
			}
			given.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		if (!OPTIONS.keySet().containsAll(given.keySet())) {
			given.keySet().removeAll(OPTIONS.keySet());
			throw new IllegalArgumentException("Unknown option(s): " + given.keySet());
		}
		Map<String, String> values = new HashMap<>(OPTIONS);
		values.putAll(given);
		return new BenchmarkSettings(repository, repository.resolve(values.get("results")),
				seconds(values, "warm-up-seconds"), seconds(values, "duration-seconds"), positive(values, "rounds"),
				positive(values, "connections"), positive(values, "users"), positive(values, "order-rate"),
				seconds(values, "event-seconds"), List.of(values.get("jvm-options").trim().split("\\s+")),
				Boolean.parseBoolean(values.get("aot-cache")), Set.of(values.get("scenarios").split(",")));
	}

	/**
	 * The options and their defaults, one per line, as {@code ./benchmark} prints them
	 * after a bad argument.
	 * @return the usage text
	 */
	static String usage() {
		StringBuilder usage = new StringBuilder("Options (all optional), with their defaults:");
		OPTIONS.forEach((name, fallback) -> usage
			.append("%n  --%s=%s".formatted(name, fallback.contains(" ") ? "\"" + fallback + "\"" : fallback)));
		return usage.toString();
	}

	private static Duration seconds(Map<String, String> values, String name) {
		return Duration.ofSeconds(positive(values, name));
	}

	private static int positive(Map<String, String> values, String name) {
		int value;
		try {
			value = Integer.parseInt(values.get(name));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + values.get(name) + "'");
		}
		if (value < 1) {
			throw new IllegalArgumentException("--" + name + " must be at least 1");
		}
		return value;
	}

	private static Map<String, String> options() {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("scenarios", String.join(",", SCENARIOS));
		options.put("rounds", "3");
		options.put("duration-seconds", "10");
		options.put("warm-up-seconds", "15");
		options.put("connections", "32");
		options.put("users", "64");
		options.put("order-rate", "100");
		options.put("event-seconds", "60");
		options.put("jvm-options", String.join(" ", DEFAULT_JVM_OPTIONS));
		options.put("aot-cache", "false");
		options.put("results", "tooling/benchmarks/results");
		return Collections.unmodifiableMap(options);
	}

}
