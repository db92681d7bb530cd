package com.example.platform.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Structural checks of a Grafana dashboard: what Grafana would silently get wrong (a
 * panel on the wrong datasource shows nothing, duplicate ids break links and editing,
 * panels beyond 24 columns or on top of each other are hidden). Whether each query
 * returns data is system-tests' MonitoringSystemIT's job, against a live Prometheus.
 */
final class DashboardChecks {

	private static final int COLUMNS = 24;

	private DashboardChecks() {
	}

	/**
	 * What is wrong with a dashboard.
	 * @param dashboard the dashboard
	 * @param datasources the provisioned datasources: uid to type
	 * @return the problems, none for a good dashboard
	 */
	static List<String> problems(JsonObject dashboard, Map<String, String> datasources) {
		List<String> problems = new ArrayList<>();
		Set<Integer> ids = new HashSet<>();
		List<JsonObject> placed = new ArrayList<>();
		for (JsonElement element : dashboard.getAsJsonArray("panels")) {
			JsonObject panel = element.getAsJsonObject();
			int id = panel.get("id").getAsInt();
			String name = "panel " + id + " '" + panel.get("title").getAsString() + "'";
			if (!ids.add(id)) {
				problems.add("panel id " + id + " is used twice");
			}
			String panelUid = checkDatasource(panel, name, datasources, problems);
			JsonObject grid = panel.getAsJsonObject("gridPos");
			int end = grid.get("x").getAsInt() + grid.get("w").getAsInt();
			if (grid.get("x").getAsInt() < 0 || grid.get("w").getAsInt() < 1 || end > COLUMNS) {
				problems.add(name + " ends at column " + end + " of " + COLUMNS);
			}
			for (JsonObject other : placed) {
				if (overlap(grid, other.getAsJsonObject("gridPos"))) {
					problems.add(name + " overlaps panel " + other.get("id").getAsInt() + " '"
							+ other.get("title").getAsString() + "'");
				}
			}
			placed.add(panel);
			if (!"row".equals(panel.get("type").getAsString())) {
				if (!panel.has("targets") || panel.getAsJsonArray("targets").isEmpty()) {
					problems.add(name + " has no query");
					continue;
				}
				for (JsonElement target : panel.getAsJsonArray("targets")) {
					JsonObject query = target.getAsJsonObject();
					String queryName = name + " query " + query.get("refId").getAsString();
					if (!query.has("expr") || query.get("expr").getAsString().isBlank()) {
						problems.add(queryName + " is empty");
					}
					String queryUid = checkDatasource(query, queryName, datasources, problems);
					if (panelUid != null && queryUid != null && !panelUid.equals(queryUid)) {
						problems
							.add(queryName + " uses datasource uid '" + queryUid + "', its panel '" + panelUid + "'");
					}
				}
			}
		}
		JsonObject templating = dashboard.getAsJsonObject("templating");
		if (templating != null) {
			for (JsonElement variable : templating.getAsJsonArray("list")) {
				JsonObject json = variable.getAsJsonObject();
				if ("query".equals(json.get("type").getAsString())) {
					checkDatasource(json, "variable '" + json.get("name").getAsString() + "'", datasources, problems);
				}
			}
		}
		return problems;
	}

	/**
	 * The owner's datasource uid when it is a provisioned one of the stated type, else
	 * null.
	 */
	private static String checkDatasource(JsonObject owner, String name, Map<String, String> datasources,
			List<String> problems) {
		JsonObject datasource = owner.getAsJsonObject("datasource");
		String uid = (datasource != null && datasource.has("uid")) ? datasource.get("uid").getAsString() : null;
		if (uid == null || !datasources.containsKey(uid)) {
			problems.add(name + " uses datasource uid '" + uid + "'");
			return null;
		}
		String type = datasource.has("type") ? datasource.get("type").getAsString() : null;
		if (!datasources.get(uid).equals(type)) {
			problems.add(name + " says datasource '" + uid + "' is of type '" + type + "', it is '"
					+ datasources.get(uid) + "'");
			return null;
		}
		return uid;
	}

	private static boolean overlap(JsonObject a, JsonObject b) {
		return a.get("x").getAsInt() < b.get("x").getAsInt() + b.get("w").getAsInt()
				&& b.get("x").getAsInt() < a.get("x").getAsInt() + a.get("w").getAsInt()
				&& a.get("y").getAsInt() < b.get("y").getAsInt() + b.get("h").getAsInt()
				&& b.get("y").getAsInt() < a.get("y").getAsInt() + a.get("h").getAsInt();
	}

}
