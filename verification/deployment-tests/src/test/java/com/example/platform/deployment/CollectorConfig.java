package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.strings;

/**
 * An OpenTelemetry Collector configuration (the Collector's, and Jaeger v2's, which is
 * built on it) read the way the Collector wires it: every pipeline and the service's
 * extensions may only name components defined in their sections, or the Collector refuses
 * to start; a defined receiver or exporter that no pipeline uses is never started, which
 * is almost always a typo in a pipeline.
 */
final class CollectorConfig {

	private static final List<String> PIPELINE_PARTS = List.of("receivers", "processors", "exporters");

	private CollectorConfig() {
	}

	static List<String> problems(Map<String, Object> config) {
		List<String> problems = new ArrayList<>();
		Map<String, Object> service = map(config, "service");
		Map<String, Object> pipelines = map(service, "pipelines");
		if (pipelines.isEmpty()) {
			problems.add("no pipelines");
		}
		Set<String> used = new TreeSet<>();
		pipelines.forEach((pipeline, definition) -> {
			for (String part : PIPELINE_PARTS) {
				List<String> components = strings(K8sObject.asMap(definition).get(part));
				if (!"processors".equals(part) && components.isEmpty()) {
					problems.add("pipeline " + pipeline + " has no " + part);
				}
				for (String component : components) {
					used.add(part + "/" + component);
					if (!map(config, part).containsKey(component)) {
						problems
							.add("pipeline " + pipeline + " uses " + part + " " + component + ", which is not defined");
					}
				}
			}
		});
		for (String extension : strings(service.get("extensions"))) {
			if (!map(config, "extensions").containsKey(extension)) {
				problems.add("service uses extension " + extension + ", which is not defined");
			}
		}
		for (String part : List.of("receivers", "exporters")) {
			for (String component : map(config, part).keySet()) {
				if (!used.contains(part + "/" + component)) {
					problems.add(part + " " + component + " is defined but no pipeline uses it");
				}
			}
		}
		return problems;
	}

	/** The exporters a pipeline sends to. */
	static List<String> exporters(Map<String, Object> config, String pipeline) {
		return strings(map(map(map(config, "service"), "pipelines"), pipeline).get("exporters"));
	}

}
