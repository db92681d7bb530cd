package com.example.platform.benchmark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run measured.
 *
 * @param requests completed requests
 * @param seconds how long the run lasted
 * @param socketErrors connect, read, write errors and timeouts
 * @param statusErrors answers other than 2xx or 3xx
 * @param p50Millis median latency
 * @param p90Millis 90th percentile latency
 * @param p99Millis 99th percentile latency
 * @param maxMillis slowest request
 */
record LoadResult(long requests, double seconds, long socketErrors, long statusErrors, double p50Millis,
		double p90Millis, double p99Millis, double maxMillis) {

	private static final Pattern RESULT = Pattern.compile("RESULT requests=(\\d+) duration_us=(\\d+) "
			+ "socket_errors=(\\d+) status_errors=(\\d+) p50_us=(\\d+) p90_us=(\\d+) p99_us=(\\d+) max_us=(\\d+)");

	/**
	 * Reads the line the benchmark's wrk script prints when it is done.
	 * @param output everything wrk printed
	 * @return the result
	 * @throws IllegalArgumentException if the output holds no result line
	 */
	static LoadResult parse(String output) {
		Matcher matcher = RESULT.matcher(output);
		if (!matcher.find()) {
			throw new IllegalArgumentException("No RESULT line in wrk's output:\n" + output);
		}
		return new LoadResult(Long.parseLong(matcher.group(1)), micros(matcher.group(2)) / 1000,
				Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)), micros(matcher.group(5)),
				micros(matcher.group(6)), micros(matcher.group(7)), micros(matcher.group(8)));
	}

	private static double micros(String value) {
		return Long.parseLong(value) / 1000.0;
	}

	/**
	 * Completed requests per second.
	 * @return the throughput
	 */
	double throughput() {
		return this.requests / this.seconds;
	}

	/**
	 * Whether every request got a 2xx or 3xx answer.
	 * @return {@code true} without errors
	 */
	boolean clean() {
		return this.socketErrors == 0 && this.statusErrors == 0;
	}

}
