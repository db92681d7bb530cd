package com.example.platform.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.example.platform.local.Repository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compose and Kubernetes run Prometheus 3, whose PromQL differs from 2's in a few places
 * ({@link PromqlV3}): every dashboard query, recording and alert rule and relabelling
 * regex is checked for them. A construct that is found and means what was intended on
 * both is listed in {@link #REVIEWED} with the reason; anything else fails.
 */
class PrometheusV3Tests {

	private static final Path PROMETHEUS = Repository.path("prometheus");

	/**
	 * Findings read and judged harmless, with why. A finding that no longer occurs fails
	 * the test too, so the list stays true.
	 */
	private static final Map<String, String> REVIEWED = Map.of(
			"regex . now also matches a newline: uri!~\"/actuator.*\"",
			"uri is Micrometer's route template (/actuator/health, /api/users/{id}): it never holds a newline, "
					+ "and 'everything under /actuator' is the meaning on both versions",
			"regex . now also matches a newline: uri=~\"/api/.*\"",
			"a route template again: 'every API route' on both versions",
			"regex . now also matches a newline: status=~\"5..\"", "status is a three-digit HTTP status code");

	@Test
	void everyDashboardRuleAndRelabellingMeansTheSameOnPrometheus3() {
		Duration scrapeInterval = longestScrapeInterval();
		Map<String, List<String>> findings = new TreeMap<>();
		expressions().forEach((where, expression) -> PromqlV3.findings(expression, scrapeInterval)
			.forEach((finding) -> findings.computeIfAbsent(finding, (key) -> new ArrayList<>()).add(where)));
		relabelRegexes().forEach((where, regex) -> {
			if (PromqlV3.matchesAnyCharacter(regex)) {
				findings
					.computeIfAbsent("relabel regex . now also matches a newline: " + regex, (key) -> new ArrayList<>())
					.add(where);
			}
		});
		assertThat(findings).as("constructs whose meaning changed in Prometheus 3, not reviewed")
			.isNotEmpty()
			.allSatisfy((finding, places) -> assertThat(REVIEWED).as(finding + " in " + places).containsKey(finding));
		assertThat(findings.keySet()).as("reviewed findings that no longer occur").containsAll(REVIEWED.keySet());
		assertThat(expressions()).as("queries checked").hasSizeGreaterThan(80);
	}

	@Test
	void flagsEachConstructWhoseMeaningChanged() {
		Duration tenSeconds = Duration.ofSeconds(10);
		assertThat(PromqlV3.findings("up{job=~\"app.*\"}", tenSeconds))
			.containsExactly("regex . now also matches a newline: job=~\"app.*\"");
		assertThat(PromqlV3.findings("label_replace(up, \"host\", \"$1\", \"instance\", \"(.+):\\\\d+\")", tenSeconds))
			.containsExactly("regex . now also matches a newline: label_replace regex \"(.+):\\\\d+\"");
		assertThat(PromqlV3.findings("sum(rate(x_bucket{le=\"1\"}[5m]))", tenSeconds))
			.containsExactly("le values are stored as floats (\"1.0\", not \"1\"): le=\"1\"");
		assertThat(PromqlV3.findings("summary{quantile=~\"0|1\"}", tenSeconds)).hasSize(1);
		assertThat(PromqlV3.findings("holt_winters(x[10m], 0.5, 0.5)", tenSeconds))
			.containsExactly("holt_winters is renamed double_exponential_smoothing and needs a feature flag");
		assertThat(PromqlV3.findings("sum(rate(x_total[15s]))", tenSeconds))
			.containsExactly("rate over [15s] spans fewer than two scrape intervals of 10 s: one sample, no result");
		assertThat(PromqlV3.findings("max_over_time(rate(x_total[1m])[1m:1m])", tenSeconds))
			.containsExactly("subquery [1m:1m] holds one point where Prometheus 2 often held two");
		assertThat(PromqlV3.findings("increase(x_total[$__interval])", tenSeconds)).singleElement()
			.asString()
			.startsWith("range [$__interval] follows the zoom");
		assertThat(PromqlV3.findings("max_over_time(up[5s])", tenSeconds)).singleElement()
			.asString()
			.startsWith("max_over_time over [5s] is shorter than the scrape interval");
	}

	@Test
	void leavesWhatMeansTheSameAlone() {
		Duration tenSeconds = Duration.ofSeconds(10);
		assertThat(PromqlV3.findings("histogram_quantile(0.99, sum by (le) (rate(x_bucket{le=\"1.0\", "
				+ "uri!~\"/api/[a-z]+\", host=~\"a\\\\.b\"}[$__rate_interval])))", tenSeconds))
			.isEmpty();
		assertThat(PromqlV3.findings("rate(x_total[20s]) and max_over_time(up[1h]) and x{le=\"+Inf\"}", tenSeconds))
			.isEmpty();
		assertThat(PromqlV3.findings("max_over_time(rate(x_total[1m])[2m:1m])", tenSeconds)).isEmpty();
		assertThat(PromqlV3.findings("count(x{path=\"a.b\"})", tenSeconds)).as("a dot in an equality matcher")
			.isEmpty();
	}

	/** Every PromQL expression the platform ships: dashboard queries and rules. */
	private static Map<String, String> expressions() {
		Map<String, String> expressions = new TreeMap<>();
		Dashboards.load(Repository.path("grafana/dashboards"))
			.forEach((name, dashboard) -> Dashboards.queries(name, dashboard)
				.forEach((query) -> expressions
					.put(query.dashboard() + " / " + query.panel() + " / " + expressions.size(), query.expression())));
		for (Path file : ruleFiles()) {
			for (Map<String, Object> group : YamlFiles.maps(YamlFiles.load(file).get("groups"))) {
				for (Map<String, Object> rule : YamlFiles.maps(group.get("rules"))) {
					Object name = rule.containsKey("record") ? rule.get("record") : rule.get("alert");
					expressions.put(file.getFileName() + " / " + name + " / " + expressions.size(),
							(String) rule.get("expr"));
				}
			}
		}
		return expressions;
	}

	private static Map<String, String> relabelRegexes() {
		Map<String, String> regexes = new TreeMap<>();
		for (Map<String, Object> job : YamlFiles
			.maps(YamlFiles.load(PROMETHEUS.resolve("prometheus.yml")).get("scrape_configs"))) {
			for (String kind : List.of("relabel_configs", "metric_relabel_configs")) {
				for (Map<String, Object> relabel : YamlFiles.maps(job.get(kind))) {
					if (relabel.get("regex") instanceof String regex) {
						regexes.put(job.get("job_name") + " / " + kind + " / " + regexes.size(), regex);
					}
				}
			}
		}
		return regexes;
	}

	/** The global interval or a job's own, whichever is longest. */
	@SuppressWarnings("unchecked")
	private static Duration longestScrapeInterval() {
		Map<String, Object> config = YamlFiles.load(PROMETHEUS.resolve("prometheus.yml"));
		Duration longest = PromqlV3
			.duration((String) ((Map<String, Object>) config.get("global")).get("scrape_interval"));
		for (Map<String, Object> job : YamlFiles.maps(config.get("scrape_configs"))) {
			if (job.get("scrape_interval") instanceof String interval
					&& PromqlV3.duration(interval).compareTo(longest) > 0) {
				longest = PromqlV3.duration(interval);
			}
		}
		return longest;
	}

	private static List<Path> ruleFiles() {
		try (Stream<Path> files = Files.list(PROMETHEUS)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-rules.yml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
