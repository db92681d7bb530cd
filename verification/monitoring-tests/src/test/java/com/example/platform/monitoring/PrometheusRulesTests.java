package com.example.platform.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.example.platform.local.Repository;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * prometheus/ is valid for Prometheus itself, and every alert and recording rule behaves
 * as its unit tests (src/test/promtool) say.
 */
class PrometheusRulesTests {

	private static final Path PROMETHEUS = Repository.path("prometheus");

	private static final Path UNIT_TESTS = Repository.path("verification/monitoring-tests/src/test/promtool");

	@Test
	void configurationIsValidAndLoadsEveryRuleFile() {
		// Syntax only: a full check also wants the files the configuration names, and its
		// certificates (tls_config) exist only where compose or Kubernetes mount them.
		// The
		// rule files are checked on their own below.
		Promtool.Result result = Promtool.run(PROMETHEUS, "check", "config", "--syntax-only", "prometheus.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(ruleFilesOf(YamlFiles.load(PROMETHEUS.resolve("prometheus.yml")))).as("rule_files")
			.containsExactlyInAnyOrderElementsOf(ruleFilesIn(PROMETHEUS));
	}

	@Test
	void ruleFilesAreValid() {
		List<String> arguments = Stream.concat(Stream.of("check", "rules"), ruleFilesIn(PROMETHEUS).stream()).toList();
		Promtool.Result result = Promtool.run(PROMETHEUS, arguments.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void rulesPassTheirUnitTests() throws IOException {
		List<String> tests;
		try (Stream<Path> files = Files.list(UNIT_TESTS)) {
			tests = files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(".test.yml"))
				.sorted()
				.toList();
		}
		assertThat(tests).isNotEmpty();
		List<String> arguments = Stream.concat(Stream.of("test", "rules"), tests.stream()).toList();
		Promtool.Result result = Promtool.run(UNIT_TESTS, arguments.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	void everyAlertHasAUnitTestThatSeesItFire() throws IOException {
		Set<String> alerts = new TreeSet<>();
		for (String file : ruleFilesIn(PROMETHEUS)) {
			groups(YamlFiles.load(PROMETHEUS.resolve(file))).forEach((group) -> YamlFiles.maps(group.get("rules"))
				.stream()
				.filter((rule) -> rule.containsKey("alert"))
				.forEach((rule) -> alerts.add((String) rule.get("alert"))));
		}
		Set<String> tested = new TreeSet<>();
		try (Stream<Path> files = Files.list(UNIT_TESTS)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".test.yml")).toList()) {
				YamlFiles.maps(YamlFiles.load(file).get("tests"))
					.forEach((test) -> YamlFiles.maps(test.get("alert_rule_test"))
						.stream()
						.filter((check) -> !YamlFiles.maps(check.get("exp_alerts")).isEmpty())
						.forEach((check) -> tested.add((String) check.get("alertname"))));
			}
		}
		assertThat(alerts).isNotEmpty();
		assertThat(tested).as("alerts with a test in which they fire").containsAll(alerts);
	}

	private static List<String> ruleFilesIn(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith("-rules.yml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> ruleFilesOf(Map<String, Object> config) {
		return (List<String>) config.getOrDefault("rule_files", List.of());
	}

	private static List<Map<String, Object>> groups(Map<String, Object> rules) {
		return YamlFiles.maps(rules.get("groups"));
	}

}
