package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One Kubernetes object as parsed from YAML, with the few navigation helpers the checks
 * need.
 *
 * @param content the object as maps, lists and scalars
 */
record K8sObject(Map<String, Object> content) {

	static List<K8sObject> parseAll(String yaml) {
		List<K8sObject> objects = new ArrayList<>();
		for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
			if (document != null) {
				objects.add(new K8sObject(asMap(document)));
			}
		}
		return objects;
	}

	String kind() {
		return (String) this.content.get("kind");
	}

	String apiVersion() {
		return (String) this.content.get("apiVersion");
	}

	String name() {
		return (String) map(this.content, "metadata").get("name");
	}

	String id() {
		return kind() + "/" + name();
	}

	boolean isWorkload() {
		return List.of("Deployment", "StatefulSet").contains(kind());
	}

	Map<String, Object> spec() {
		return map(this.content, "spec");
	}

	/** The pod template's spec of a Deployment or StatefulSet. */
	Map<String, Object> podSpec() {
		return map(map(spec(), "template"), "spec");
	}

	Map<String, Object> podLabels() {
		return map(map(map(spec(), "template"), "metadata"), "labels");
	}

	List<Map<String, Object>> containers() {
		return maps(podSpec().get("containers"));
	}

	int replicas() {
		Object replicas = spec().get("replicas");
		return (replicas != null) ? ((Number) replicas).intValue() : 1;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	static Map<String, Object> map(Map<String, Object> parent, String key) {
		return asMap(parent.get(key));
	}

	static List<Map<String, Object>> maps(Object value) {
		List<Map<String, Object>> maps = new ArrayList<>();
		if (value instanceof List<?> list) {
			for (Object item : list) {
				maps.add(asMap(item));
			}
		}
		return maps;
	}

	@SuppressWarnings("unchecked")
	static List<String> strings(Object value) {
		return (value instanceof List<?> list) ? (List<String>) list : List.of();
	}

	/**
	 * A container's environment variable.
	 * @param container the container
	 * @param name the variable's name
	 * @return its entry in {@code env}: {@code value} or {@code valueFrom}
	 */
	static Map<String, Object> variable(Map<String, Object> container, String name) {
		return maps(container.get("env")).stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not set"));
	}

	/**
	 * Where a container's environment variable is read from a Secret.
	 * @param container the container
	 * @param name the variable's name
	 * @return its {@code secretKeyRef}: the Secret's {@code name} and the {@code key}
	 */
	static Map<String, Object> secretKeyRef(Map<String, Object> container, String name) {
		return map(map(variable(container, name), "valueFrom"), "secretKeyRef");
	}

	/** Whether a label selector's matchLabels all appear in the given labels. */
	static boolean selects(Map<String, Object> matchLabels, Map<String, Object> labels) {
		return !matchLabels.isEmpty() && labels.entrySet().containsAll(matchLabels.entrySet());
	}

}
