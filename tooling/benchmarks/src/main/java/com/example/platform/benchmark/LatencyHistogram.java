package com.example.platform.benchmark;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram's cumulative buckets, summed over every series that matches, so
 * two scrapes can be subtracted and the quantiles of what happened in between read off,
 * as {@code histogram_quantile} would.
 */
final class LatencyHistogram {

	private static final Pattern BUCKET = Pattern
		.compile("^(\\w+)_bucket\\{([^}]*)le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+|NaN)", Pattern.MULTILINE);

	private final TreeMap<Double, Double> cumulative;

	private LatencyHistogram(TreeMap<Double, Double> cumulative) {
		this.cumulative = cumulative;
	}

	/**
	 * Reads the buckets of one histogram from Prometheus's text format.
	 * @param text one or more scrapes, concatenated
	 * @param metric e.g. {@code messaging_event_latency_seconds}
	 * @param label a label the series must carry, e.g. {@code type="OrderPlaced"}
	 * @return the buckets summed over the matching series
	 */
	static LatencyHistogram parse(String text, String metric, String label) {
		TreeMap<Double, Double> cumulative = new TreeMap<>();
		Matcher matcher = BUCKET.matcher(text);
		while (matcher.find()) {
			if (matcher.group(1).equals(metric) && matcher.group(2).contains(label)) {
				double le = matcher.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY
						: Double.parseDouble(matcher.group(3));
				cumulative.merge(le, Double.parseDouble(matcher.group(4)), Double::sum);
			}
		}
		return new LatencyHistogram(cumulative);
	}

	/**
	 * What was observed after {@code earlier}.
	 * @param earlier an earlier reading of the same histogram
	 * @return the difference
	 */
	LatencyHistogram since(LatencyHistogram earlier) {
		TreeMap<Double, Double> difference = new TreeMap<>();
		this.cumulative.forEach((le, count) -> difference.put(le, count - earlier.cumulative.getOrDefault(le, 0.0)));
		return new LatencyHistogram(difference);
	}

	double count() {
		return this.cumulative.isEmpty() ? 0 : this.cumulative.lastEntry().getValue();
	}

	/**
	 * The quantile, interpolated linearly inside its bucket.
	 * @param q between 0 and 1
	 * @return the quantile in the histogram's unit, or NaN without observations
	 */
	double quantile(double q) {
		double total = count();
		if (total <= 0) {
			return Double.NaN;
		}
		double rank = q * total;
		double lowerBound = 0;
		double lowerCount = 0;
		for (Map.Entry<Double, Double> bucket : this.cumulative.entrySet()) {
			if (bucket.getValue() >= rank) {
				if (bucket.getKey().isInfinite()) {
					return lowerBound;
				}
				double inBucket = bucket.getValue() - lowerCount;
				return (inBucket <= 0) ? bucket.getKey()
						: lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
			}
			lowerBound = bucket.getKey();
			lowerCount = bucket.getValue();
		}
		return lowerBound;
	}

}
