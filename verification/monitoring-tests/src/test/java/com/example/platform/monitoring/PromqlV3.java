package com.example.platform.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL constructs whose meaning changed between Prometheus 2 and 3 (the Prometheus
 * 3.0 migration guide, section PromQL), found in one expression:
 * <ul>
 * <li>{@code .} in a regular expression (label matchers, {@code label_replace}, relabel
 * rules) now also matches a newline;</li>
 * <li>{@code le} and {@code quantile} values are normalised to floats on ingestion, so
 * {@code le="1"} no longer matches the bucket now stored as {@code le="1.0"};</li>
 * <li>range selectors and subqueries are left-open: a window of n scrape intervals holds
 * n samples, no longer sometimes n + 1, so {@code rate} over less than two intervals (or
 * a subquery {@code [1m:1m]}) returns nothing;</li>
 * <li>{@code holt_winters} is gone (renamed {@code double_exponential_smoothing}, behind
 * a feature flag).</li>
 * </ul>
 * Grafana's {@code $__rate_interval} is at least four scrape intervals by construction;
 * {@code $__interval} follows the zoom and can be shorter than two, so it is flagged in a
 * range.
 */
final class PromqlV3 {

	/** Functions that need two samples in their window to return anything. */
	private static final Set<String> TWO_SAMPLE_FUNCTIONS = Set.of("rate", "irate", "increase", "delta", "idelta",
			"deriv", "predict_linear", "resets", "changes", "double_exponential_smoothing");

	private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern REGEX_MATCHER = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern LABEL_REPLACE = Pattern.compile(
			"label_replace\\s*\\((?:[^,\"]|\"(?:[^\"\\\\]|\\\\.)*\")*,(?:\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*,){3}\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern NORMALISED_MATCHER = Pattern
		.compile("\\b(le|quantile)\\s*(=|!=|=~|!~)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern INTEGER = Pattern.compile("(?<![\\d.])[-+]?\\d+(?![\\d.]|e)");

	/** A function call whose argument's last range selector or subquery is captured. */
	private static final Pattern RANGE = Pattern.compile("\\[\\s*([^\\]:]+?)\\s*(?::\\s*([^\\]]*?)\\s*)?\\]");

	private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

	private PromqlV3() {
	}

	/**
	 * What an expression does differently on Prometheus 3.
	 * @param expression the PromQL expression, Grafana variables left in place
	 * @param scrapeInterval the longest scrape interval of the series it reads
	 * @return one finding per construct, empty when it means the same on 2 and 3
	 */
	static List<String> findings(String expression, Duration scrapeInterval) {
		List<String> findings = new ArrayList<>();
		Matcher regex = REGEX_MATCHER.matcher(expression);
		while (regex.find()) {
			if (matchesAnyCharacter(unescape(regex.group(3)))) {
				findings.add("regex . now also matches a newline: " + regex.group());
			}
		}
		Matcher replace = LABEL_REPLACE.matcher(expression);
		while (replace.find()) {
			if (matchesAnyCharacter(unescape(replace.group(1)))) {
				findings.add("regex . now also matches a newline: label_replace regex \"" + replace.group(1) + "\"");
			}
		}
		Matcher normalised = NORMALISED_MATCHER.matcher(expression);
		while (normalised.find()) {
			if (INTEGER.matcher(normalised.group(3)).find()) {
				findings.add(normalised.group(1) + " values are stored as floats (\"1.0\", not \"1\"): "
						+ normalised.group());
			}
		}
		if (Pattern.compile("\\bholt_winters\\s*\\(").matcher(expression).find()) {
			findings.add("holt_winters is renamed double_exponential_smoothing and needs a feature flag");
		}
		findings.addAll(rangeFindings(expression, scrapeInterval));
		return findings;
	}

	/**
	 * Every range of a two-sample function, and every subquery, must span at least two
	 * scrape intervals (or steps) now that the window's left edge is open.
	 */
	private static List<String> rangeFindings(String expression, Duration scrapeInterval) {
		List<String> findings = new ArrayList<>();
		String withoutStrings = STRING.matcher(expression).replaceAll("\"\"");
		Matcher range = RANGE.matcher(withoutStrings);
		while (range.find()) {
			String window = range.group(1);
			String step = range.group(2);
			if (window.contains("$__interval") || (step != null && step.contains("$__interval"))) {
				findings.add("range " + range.group() + " follows the zoom and can be shorter than two scrape "
						+ "intervals; use $__rate_interval");
				continue;
			}
			Duration length = duration(window);
			if (length == null) {
				// $__rate_interval, $__range: long enough by Grafana's construction.
				continue;
			}
			if (step != null) {
				Duration resolution = step.isEmpty() ? scrapeInterval : duration(step);
				if (resolution != null && length.compareTo(resolution.multipliedBy(2)) < 0) {
					findings.add("subquery " + range.group() + " holds one point where Prometheus 2 often held two");
				}
				continue;
			}
			String function = functionApplied(withoutStrings, range.start());
			if (function != null && TWO_SAMPLE_FUNCTIONS.contains(function)
					&& length.compareTo(scrapeInterval.multipliedBy(2)) < 0) {
				findings.add(function + " over " + range.group() + " spans fewer than two scrape intervals of "
						+ scrapeInterval.toSeconds() + " s: one sample, no result");
			}
			else if (function != null && function.endsWith("_over_time") && length.compareTo(scrapeInterval) < 0) {
				findings.add(function + " over " + range.group() + " is shorter than the scrape interval of "
						+ scrapeInterval.toSeconds() + " s: often no sample at all");
			}
		}
		return findings;
	}

	/** The name of the innermost function whose argument list holds the position. */
	private static String functionApplied(String expression, int position) {
		int depth = 0;
		for (int i = position - 1; i >= 0; i--) {
			char c = expression.charAt(i);
			if (c == ')') {
				depth++;
			}
			else if (c == '(') {
				if (depth == 0) {
					Matcher name = Pattern.compile("([a-z_]+)\\s*$").matcher(expression.substring(0, i));
					return name.find() ? name.group(1) : null;
				}
				depth--;
			}
		}
		return null;
	}

	static Duration duration(String text) {
		if (!text.matches("(\\d+(ms|s|m|h|d|w|y))+")) {
			return null;
		}
		Duration total = Duration.ZERO;
		Matcher part = DURATION.matcher(text);
		while (part.find()) {
			long amount = Long.parseLong(part.group(1));
			total = total.plus(switch (part.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				case "d" -> Duration.ofDays(amount);
				case "w" -> Duration.ofDays(7 * amount);
				default -> Duration.ofDays(365 * amount);
			});
		}
		return total;
	}

	/** A PromQL string literal's content as the regex engine sees it. */
	private static String unescape(String literal) {
		return literal.replace("\\\\", "\\").replace("\\\"", "\"");
	}

	/** An unescaped {@code .} outside a character class. */
	static boolean matchesAnyCharacter(String regex) {
		boolean inClass = false;
		for (int i = 0; i < regex.length(); i++) {
			char c = regex.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '[') {
				inClass = true;
			}
			else if (c == ']') {
				inClass = false;
			}
			else if (c == '.' && !inClass) {
				return true;
			}
		}
		return false;
	}

}
