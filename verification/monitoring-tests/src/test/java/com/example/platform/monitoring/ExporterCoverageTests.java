package com.example.platform.monitoring;

import java.util.Map;
import java.util.regex.Pattern;

import com.example.platform.local.Repository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exporter that Prometheus scrapes but no alert reads costs memory and watches
 * nothing: each one's own series must page someone when its server fails. (Panels are not
 * enough: they page nobody, and the local run, which proves every panel, has no
 * exporters.)
 */
class ExporterCoverageTests {

	/**
	 * Each exporter's own series, told apart from the applications' Micrometer meters.
	 */
	private static final Map<String, Pattern> EXPORTERS = Map.of("postgres-exporter", Pattern.compile("\\bpg_[a-z_]+"),
			"redis-exporter", Pattern.compile("\\bredis_[a-z_]+"), "kafka-exporter",
			Pattern.compile("\\bkafka_(brokers|topic_[a-z_]+|consumergroup_[a-z_]+)\\b"));

	private static final Pattern EXPR = Pattern
		.compile("\"?expr\"?\\s*:\\s*\"?((?:[^\"\\n]|\\\\\")*|\\|\\n(?:\\s{10,}.*\\n)+)");

	@Test
	void everyScrapedExporterHasAnAlertOnItsSeries() {
		String alerts = Repository.read("prometheus/alert-rules.yml");
		assertThat(Repository.read("prometheus/prometheus.yml")).contains("postgres-exporter", "redis-exporter",
				"kafka-exporter");
		EXPORTERS.forEach((exporter, series) -> assertThat(series.matcher(expressions(alerts)).find())
			.as("an alert on %s's series", exporter)
			.isTrue());
	}

	@Test
	void checkBitesOnAnExporterNobodyReads() {
		String withoutDataStoreAlerts = "expr: up == 0\nexpr: redis_up == 0\n";
		assertThat(EXPORTERS.get("postgres-exporter").matcher(expressions(withoutDataStoreAlerts)).find()).isFalse();
	}

	private static String expressions(String text) {
		StringBuilder expressions = new StringBuilder();
		EXPR.matcher(text).results().forEach((match) -> expressions.append(match.group(1)).append('\n'));
		return expressions.toString();
	}

}
