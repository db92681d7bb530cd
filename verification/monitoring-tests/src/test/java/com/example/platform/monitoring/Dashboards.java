package com.example.platform.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards in grafana/dashboards, read the way Grafana reads them: every
 * panel's queries, the template variables they use, and the metric names they refer to.
 * Public for system-tests' {@code MonitoringSystemIT}, which runs every panel's query
 * against a Prometheus scraping the shared platform (this module's test jar).
 */
public final class Dashboards {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

	/** PromQL words that look like metric names: operators, modifiers, aggregations. */
	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev",
			"stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	private Dashboards() {
	}

	public record Query(String dashboard, String panel, String expression) {

		@Override
		public String toString() {
			return this.dashboard + " / " + this.panel + " :: " + this.expression;
		}

	}

	public static Map<String, JsonObject> load(Path directory) {
		Map<String, JsonObject> dashboards = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				dashboards.put(file.getFileName().toString(),
						JsonParser.parseString(Files.readString(file)).getAsJsonObject());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return dashboards;
	}

	public static List<Query> queries(String name, JsonObject dashboard) {
		List<Query> queries = new ArrayList<>();
		for (JsonElement element : dashboard.getAsJsonArray("panels")) {
			JsonObject panel = element.getAsJsonObject();
			// Logs panels query Loki in LogQL; only PromQL is Prometheus' to answer.
			if (panel.has("targets") && isPrometheus(panel)) {
				for (JsonElement target : panel.getAsJsonArray("targets")) {
					queries.add(new Query(name, panel.get("title").getAsString(),
							target.getAsJsonObject().get("expr").getAsString()));
				}
			}
		}
		return queries;
	}

	private static boolean isPrometheus(JsonObject panel) {
		JsonObject datasource = panel.getAsJsonObject("datasource");
		return datasource != null && "prometheus".equals(datasource.get("type").getAsString());
	}

	/**
	 * The values Grafana gives the dashboard's template variables when it opens: each
	 * variable's current value, or for "All" every value its {@code label_values} query
	 * finds, as the regex alternation Grafana substitutes.
	 * @param dashboard the dashboard
	 * @param labelValues the values of a label among the series a selector matches
	 * @return variable name to substituted text, in declaration order
	 */
	public static Map<String, String> variables(JsonObject dashboard,
			BiFunction<String, String, Set<String>> labelValues) {
		Map<String, String> values = new LinkedHashMap<>();
		JsonObject templating = dashboard.getAsJsonObject("templating");
		if (templating == null) {
			return values;
		}
		for (JsonElement element : templating.getAsJsonArray("list")) {
			JsonObject variable = element.getAsJsonObject();
			String current = variable.getAsJsonObject("current").get("value").getAsString();
			if ("$__all".equals(current)) {
				Matcher query = LABEL_VALUES.matcher(variable.getAsJsonObject("query").get("query").getAsString());
				if (!query.matches()) {
					throw new IllegalArgumentException("Not a label_values query: " + variable);
				}
				Set<String> all = labelValues.apply(substitute(query.group(1), values), query.group(2));
				current = String.join("|", all);
			}
			values.put(variable.get("name").getAsString(), current);
		}
		return values;
	}

	/**
	 * Grafana's built-in variables as Grafana would expand them for a 2 s scrape
	 * interval, and the dashboard's own.
	 */
	public static String substitute(String expression, Map<String, String> variables) {
		String result = expression.replace("$__rate_interval", "1m")
			.replace("$__interval", "10s")
			.replace("$__range", "15m");
		for (Map.Entry<String, String> variable : variables.entrySet()) {
			result = result.replace("$" + variable.getKey(), variable.getValue());
		}
		return result;
	}

	/**
	 * The metric names a PromQL expression selects (not functions, labels or keywords).
	 */
	static Set<String> metricNames(String expression) {
		String stripped = STRING.matcher(expression).replaceAll("\"\"");
		stripped = stripped.replaceAll("\\{[^}]*\\}", "{}").replaceAll("\\[[^]]*\\]", "[]");
		stripped = GROUPING.matcher(stripped).replaceAll("$1");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			if (!KEYWORDS.contains(matcher.group(1))) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** Series Prometheus itself makes from the alert rules. */
	public static final Set<String> PROMETHEUS_SERIES = Set.of("ALERTS", "ALERTS_FOR_STATE");

	/** Metric names the dashboards use that none of {@code known} is. */
	public static Set<String> unknownMetrics(Map<String, JsonObject> dashboards, Set<String> known) {
		Set<String> unknown = new TreeSet<>();
		dashboards.forEach((name, dashboard) -> queries(name, dashboard)
			.forEach((query) -> metricNames(query.expression()).stream()
				.filter((metric) -> !known.contains(metric))
				.forEach((metric) -> unknown.add(metric + " (" + query.dashboard() + " / " + query.panel() + ")"))));
		return unknown;
	}

	/**
	 * The series names recording rules produce: known although no application exports
	 * them.
	 */
	@SuppressWarnings("unchecked")
	public static Set<String> recordedNames(Path ruleFile) {
		Set<String> names = new TreeSet<>();
		try {
			Map<String, Object> rules = new Yaml().load(Files.readString(ruleFile));
			for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					if (rule.containsKey("record")) {
						names.add((String) rule.get("record"));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return names;
	}

}
