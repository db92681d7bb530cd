package com.example.platform.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of an {@code /actuator/prometheus} page (the Prometheus text format).
 * The console reads the meters the instances already publish for Prometheus, so it shows
 * the same numbers the dashboards do, without a metrics store of its own or an actuator
 * endpoint more on every instance.
 */
final class PrometheusText {

	private PrometheusText() {
	}

	/**
	 * The samples of a page; comments, blank and unreadable lines are left out.
	 * @param page the page
	 * @return its samples in page order
	 */
	static List<Sample> parse(String page) {
		List<Sample> samples = new ArrayList<>();
		for (String line : page.split("\n")) {
			Sample sample = sample(line.strip());
			if (sample != null) {
				samples.add(sample);
			}
		}
		return samples;
	}

	private static Sample sample(String line) {
		if (line.isEmpty() || line.startsWith("#")) {
			return null;
		}
		int nameEnd = 0;
		while (nameEnd < line.length() && line.charAt(nameEnd) != '{'
				&& !Character.isWhitespace(line.charAt(nameEnd))) {
			nameEnd++;
		}
		String name = line.substring(0, nameEnd);
		Map<String, String> labels = new LinkedHashMap<>();
		int position = nameEnd;
		if (position < line.length() && line.charAt(position) == '{') {
			position = labels(line, position + 1, labels);
			if (position < 0) {
				return null;
			}
		}
		// The value, then maybe a timestamp or an exemplar ("# {...}"), which are not
		// needed.
		String[] rest = line.substring(position).strip().split("\\s+");
		if (name.isEmpty() || rest.length == 0) {
			return null;
		}
		try {
			return new Sample(name, labels, Double.parseDouble(rest[0].replace("Inf", "Infinity")));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	// Reads name="value" pairs up to the closing brace; the index after it, or -1 when
	// the line is malformed.
	private static int labels(String line, int start, Map<String, String> labels) {
		int position = start;
		while (position < line.length()) {
			char current = line.charAt(position);
			if (current == '}') {
				return position + 1;
			}
			if (current == ',' || current == ' ') {
				position++;
				continue;
			}
			int equals = line.indexOf('=', position);
			if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
				return -1;
			}
			String label = line.substring(position, equals).strip();
			StringBuilder value = new StringBuilder();
			position = equals + 2;
			while (position < line.length() && line.charAt(position) != '"') {
				char character = line.charAt(position);
				if (character == '\\' && position + 1 < line.length()) {
					char escaped = line.charAt(++position);
					value.append((escaped == 'n') ? '\n' : escaped);
				}
				else {
					value.append(character);
				}
				position++;
			}
			if (position >= line.length()) {
				return -1;
			}
			labels.put(label, value.toString());
			position++;
		}
		return -1;
	}

	/**
	 * One line of the page.
	 *
	 * @param name the series name, e.g. {@code cache_gets_total}
	 * @param labels its labels
	 * @param value its value
	 */
	record Sample(String name, Map<String, String> labels, double value) {

		Sample {
			labels = Map.copyOf(labels);
		}

		String label(String label) {
			return this.labels.getOrDefault(label, "");
		}

	}

}
