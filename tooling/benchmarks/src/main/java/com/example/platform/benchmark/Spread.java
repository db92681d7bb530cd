package com.example.platform.benchmark;

import java.util.List;

/**
 * The median of repeated runs and how far they spread.
 *
 * @param median the median
 * @param min the lowest run
 * @param max the highest run
 * @param runs how many runs
 */
record Spread(double median, double min, double max, int runs) {

	static Spread of(List<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("No values");
		}
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		double median = (sorted.size() % 2 == 1) ? sorted.get(middle)
				: (sorted.get(middle - 1) + sorted.get(middle)) / 2;
		return new Spread(median, sorted.getFirst(), sorted.getLast(), sorted.size());
	}

	static Spread single(double value) {
		return new Spread(value, value, value, 1);
	}

}
