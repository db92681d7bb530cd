package com.example.platform.contracts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * What makes a schema change break the events' readers: a property removed, a property
 * newly required, or a type, format or constant changed. Adding an optional property is
 * fine; so is a new schema version in a file of its own.
 */
final class SchemaCompatibility {

	private SchemaCompatibility() {
	}

	static List<String> breakingChanges(JsonNode baseline, JsonNode current) {
		List<String> problems = new ArrayList<>();
		compare("$", baseline, current, problems);
		return problems;
	}

	private static void compare(String path, JsonNode baseline, JsonNode current, List<String> problems) {
		for (String keyword : List.of("type", "format", "const")) {
			JsonNode before = baseline.get(keyword);
			JsonNode after = current.get(keyword);
			if (before != null && !Objects.equals(before, after)) {
				problems.add("%s: %s changed from %s to %s".formatted(path, keyword, before, after));
			}
		}
		JsonNode properties = baseline.path("properties");
		for (String name : properties.propertyNames()) {
			JsonNode after = current.path("properties").get(name);
			if (after == null) {
				problems.add("%s.%s: property removed".formatted(path, name));
			}
			else {
				compare(path + "." + name, properties.get(name), after, problems);
			}
		}
		Set<String> required = names(baseline.path("required"));
		for (String name : names(current.path("required"))) {
			if (!required.contains(name)) {
				problems.add("%s.%s: newly required".formatted(path, name));
			}
		}
		if (baseline.has("items") && current.has("items")) {
			compare(path + "[]", baseline.get("items"), current.get("items"), problems);
		}
	}

	private static Set<String> names(JsonNode array) {
		Set<String> names = new HashSet<>();
		array.forEach((name) -> names.add(name.asString()));
		return names;
	}

}
