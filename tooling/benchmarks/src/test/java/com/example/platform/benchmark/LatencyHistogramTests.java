package com.example.platform.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTests {

	private static final String METRIC = "messaging_event_latency_seconds";

	private static String scrape(String type, double... counts) {
		String[] bounds = { "0.01", "0.05", "0.1", "+Inf" };
		StringBuilder text = new StringBuilder("# TYPE messaging_event_latency_seconds histogram\n");
		for (int i = 0; i < bounds.length; i++) {
			text.append("%s_bucket{application=\"user-service\",type=\"%s\",le=\"%s\"} %s%n".formatted(METRIC, type,
					bounds[i], counts[i]));
		}
		return text.toString();
	}

	@Test
	void sumsMatchingSeriesAndInterpolatesInsideTheBucket() {
		String text = scrape("OrderPlaced", 50, 90, 100, 100) + scrape("OrderPlaced", 50, 90, 100, 100)
				+ scrape("UserRegistered", 0, 0, 0, 1000);

		LatencyHistogram histogram = LatencyHistogram.parse(text, METRIC, "type=\"OrderPlaced\"");

		assertThat(histogram.count()).isEqualTo(200);
		assertThat(histogram.quantile(0.5)).isCloseTo(0.01, within(1e-9));
		// Rank 180 is the top of the 0.05 bucket; 0.99 → rank 198 lies inside (0.05,
		// 0.1].
		assertThat(histogram.quantile(0.9)).isCloseTo(0.05, within(1e-9));
		assertThat(histogram.quantile(0.99)).isCloseTo(0.05 + 0.05 * 18 / 20, within(1e-9));
	}

	@Test
	void countsOnlyWhatHappenedBetweenTwoScrapes() {
		LatencyHistogram before = LatencyHistogram.parse(scrape("OrderPlaced", 100, 100, 100, 100), METRIC,
				"type=\"OrderPlaced\"");
		LatencyHistogram after = LatencyHistogram.parse(scrape("OrderPlaced", 100, 100, 110, 110), METRIC,
				"type=\"OrderPlaced\"");

		LatencyHistogram between = after.since(before);

		assertThat(between.count()).isEqualTo(10);
		assertThat(between.quantile(0.5)).isCloseTo(0.075, within(1e-9));
	}

	@Test
	void hasNoQuantileWithoutObservations() {
		assertThat(LatencyHistogram.parse("", METRIC, "").quantile(0.99)).isNaN();
	}

}
