package com.example.platform.benchmark;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spring Boot's own startup figure, from an application's log. */
final class StartupLog {

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private StartupLog() {
	}

	/**
	 * Seconds from the JVM's start to the application being ready, as Spring Boot logs
	 * it.
	 * @param log the application's log
	 * @return the latest startup's figure (a restarted application appends to its log),
	 * if one was logged
	 */
	static Optional<Double> processSeconds(String log) {
		Matcher matcher = STARTED.matcher(log);
		Optional<Double> latest = Optional.empty();
		while (matcher.find()) {
			latest = Optional.of(Double.parseDouble(matcher.group(1)));
		}
		return latest;
	}

}
