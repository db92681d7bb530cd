package com.example.platform.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instance's user cache reads so far, from its {@code cache_gets_total} counters.
 *
 * @param hits reads answered from Redis
 * @param misses reads that went to the database
 */
record CacheCounts(double hits, double misses) {

	private static final Pattern GETS = Pattern.compile("^cache_gets_total\\{([^}]*)} ([0-9.eE+-]+)",
			Pattern.MULTILINE);

	static CacheCounts parse(String prometheusText) {
		double hits = 0;
		double misses = 0;
		Matcher matcher = GETS.matcher(prometheusText);
		while (matcher.find()) {
			String labels = matcher.group(1);
			if (labels.contains("cache=\"users\"")) {
				double value = Double.parseDouble(matcher.group(2));
				if (labels.contains("result=\"hit\"")) {
					hits += value;
				}
				else if (labels.contains("result=\"miss\"")) {
					misses += value;
				}
			}
		}
		return new CacheCounts(hits, misses);
	}

	static CacheCounts scrape(HttpClient http, URI management) {
		try {
			return parse(http
				.send(HttpRequest.newBuilder(management.resolve("/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body());
		}
		catch (IOException ex) {
			return new CacheCounts(Double.NaN, Double.NaN);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new CacheCounts(Double.NaN, Double.NaN);
		}
	}

}
