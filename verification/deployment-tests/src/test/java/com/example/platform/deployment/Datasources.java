package com.example.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

import static com.example.platform.deployment.K8sObject.asMap;
import static com.example.platform.deployment.K8sObject.map;
import static com.example.platform.deployment.K8sObject.maps;

/**
 * Grafana's provisioned datasources (grafana/provisioning/datasources) and the links
 * between them: exemplar to trace, log line to trace, trace to logs. A link to a uid that
 * is not provisioned is a dead link Grafana shows without complaint.
 */
final class Datasources {

	private Datasources() {
	}

	record Link(String from, String kind, String toUid) {

		@Override
		public String toString() {
			return this.from + " " + this.kind + " -> " + this.toUid;
		}

	}

	static List<Map<String, Object>> load(Path directory) {
		List<Map<String, Object>> datasources = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).sorted().toList()) {
				datasources.addAll(maps(asMap(new Yaml().load(Files.readString(file))).get("datasources")));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return datasources;
	}

	/** uid to type; a uid given twice is an error, as Grafana would keep only one. */
	static Map<String, String> types(List<Map<String, Object>> datasources) {
		Map<String, String> types = new TreeMap<>();
		for (Map<String, Object> datasource : datasources) {
			String uid = (String) datasource.get("uid");
			if (uid == null || types.put(uid, (String) datasource.get("type")) != null) {
				throw new IllegalStateException("datasource " + datasource.get("name") + " has no uid of its own");
			}
		}
		return types;
	}

	static List<Link> links(List<Map<String, Object>> datasources) {
		List<Link> links = new ArrayList<>();
		for (Map<String, Object> datasource : datasources) {
			String name = (String) datasource.get("uid");
			Map<String, Object> json = map(datasource, "jsonData");
			maps(json.get("exemplarTraceIdDestinations")).forEach(
					(destination) -> links.add(new Link(name, "exemplar", (String) destination.get("datasourceUid"))));
			maps(json.get("derivedFields"))
				.forEach((field) -> links.add(new Link(name, "derived field", (String) field.get("datasourceUid"))));
			Object tracesToLogs = map(json, "tracesToLogsV2").get("datasourceUid");
			if (tracesToLogs != null) {
				links.add(new Link(name, "traces to logs", (String) tracesToLogs));
			}
		}
		return links;
	}

	/** Links whose target uid is not provisioned. */
	static List<String> deadLinks(List<Map<String, Object>> datasources) {
		Map<String, String> types = types(datasources);
		return links(datasources).stream()
			.filter((link) -> !types.containsKey(link.toUid()))
			.map(Link::toString)
			.toList();
	}

}
