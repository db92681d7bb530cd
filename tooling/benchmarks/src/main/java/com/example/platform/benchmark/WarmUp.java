package com.example.platform.benchmark;

import java.util.List;

/**
 * When a target is warm: its throughput has stopped setting new highs. A JVM behind a
 * reactive stack takes minutes of load on two cores before the optimizing compiler has
 * caught up, rising unevenly (the gateway, in 15-second windows: 147, 338, 358, 393, 457,
 * 547, 760, 956, 1,154, 983, 1,019, 1,431, 1,542, 1,412 req/s), so a fixed warm-up
 * measured the compiler, not the gateway, and a single slower window does not mean warm.
 */
final class WarmUp {

	/** A window at most this much above the best before it is no new high. */
	static final double TOLERANCE = 0.05;

	/** Windows in a row without a new high that make a target warm. */
	static final int SETTLED_WINDOWS = 3;

	/** Bounds the warm-up of a target that never settles. */
	static final int MAXIMUM_WINDOWS = 20;

	private WarmUp() {
	}

	/**
	 * Whether the load so far has warmed the target up.
	 * @param throughputs each warm-up window's requests per second, in order
	 * @return true once none of the last {@link #SETTLED_WINDOWS} windows was more than
	 * {@link #TOLERANCE} above the best window before them, or after
	 * {@link #MAXIMUM_WINDOWS}
	 */
	static boolean done(List<Double> throughputs) {
		int windows = throughputs.size();
		if (windows >= MAXIMUM_WINDOWS) {
			return true;
		}
		if (windows <= SETTLED_WINDOWS) {
			return false;
		}
		List<Double> before = throughputs.subList(0, windows - SETTLED_WINDOWS);
		List<Double> last = throughputs.subList(windows - SETTLED_WINDOWS, windows);
		double best = before.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		return last.stream().allMatch((throughput) -> throughput <= best * (1 + TOLERANCE));
	}

}
