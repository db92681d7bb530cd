package com.example.platform.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.example.platform.local.Repository;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the dashboard checks read PromQL and Grafana's variables; the live check in
 * system-tests' {@code MonitoringSystemIT} compares the names with what Prometheus really
 * holds.
 */
class DashboardsTests {

	@Test
	void findsMetricNamesButNotFunctionsLabelsKeywordsOrVariables() {
		assertThat(Dashboards
			.metricNames("histogram_quantile(0.99, sum by (application, le) (rate(http_server_requests_seconds_bucket"
					+ "{uri!~\"/actuator.*\", application=\"$application\"}[$__rate_interval])))"))
			.containsExactly("http_server_requests_seconds_bucket");
		assertThat(Dashboards.metricNames("count(ALERTS{alertstate=\"firing\"}) or vector(0)"))
			.containsExactly("ALERTS");
		assertThat(Dashboards.metricNames(
				"sum by (application, pool) (hikaricp_connections_active) / sum by (application, pool) (hikaricp_connections_max)"))
			.containsExactly("hikaricp_connections_active", "hikaricp_connections_max");
		assertThat(Dashboards
			.metricNames("application_uri:http_server_requests_seconds:quantile_rate5m{quantile=\"0.99\"}"))
			.containsExactly("application_uri:http_server_requests_seconds:quantile_rate5m");
		assertThat(Dashboards.metricNames("max without (pool) (x_total offset 5m) > bool 1e3 unless on (a) y"))
			.containsExactly("x_total", "y");
	}

	@Test
	void aDashboardQueryingAMetricNothingExportsIsCaught() throws IOException {
		Set<String> known = new TreeSet<>(Dashboards.recordedNames(Repository.path("prometheus/recording-rules.yml")));
		known.add("http_server_requests_seconds_count");
		Map<String, JsonObject> broken = Map.of("dashboard-unknown-metric.json",
				fixture("dashboard-unknown-metric.json"));
		assertThat(Dashboards.unknownMetrics(broken, known))
			.containsExactly("http_server_request_seconds_count (dashboard-unknown-metric.json / Request rate)");
	}

	@Test
	void substitutesTheCurrentValueOrEveryValueForAll() {
		JsonObject dashboard = JsonParser.parseString("""
				{"templating": {"list": [
				  {"name": "application", "current": {"value": "user-service"},
				   "query": {"query": "label_values(jvm_info, application)"}},
				  {"name": "instance", "current": {"value": "$__all"},
				   "query": {"query": "label_values(jvm_info{application=\\"$application\\"}, instance)"}}]}}
				""").getAsJsonObject();
		Map<String, String> variables = Dashboards.variables(dashboard, (selector, label) -> {
			assertThat(selector).isEqualTo("jvm_info{application=\"user-service\"}");
			assertThat(label).isEqualTo("instance");
			return new TreeSet<>(Set.of("user-service:8082", "user-service:8081"));
		});
		assertThat(Dashboards
			.substitute("rate(x{application=\"$application\", instance=~\"$instance\"}[$__rate_interval])", variables))
			.isEqualTo("rate(x{application=\"user-service\", instance=~\"user-service:8081|user-service:8082\"}[1m])");
	}

	@Test
	void everyShippedDashboardIsReadable() {
		Map<String, JsonObject> dashboards = Dashboards.load(Repository.path("grafana/dashboards"));
		assertThat(dashboards.keySet()).contains("platform-overview.json", "service-drilldown.json", "data.json",
				"messaging.json", "jvm.json", "resilience.json");
		dashboards.forEach((name, dashboard) -> assertThat(Dashboards.queries(name, dashboard)).as(name)
			.isNotEmpty()
			.allSatisfy((query) -> assertThat(Dashboards.metricNames(query.expression())).as(query.toString())
				.isNotEmpty()));
	}

	private static JsonObject fixture(String name) throws IOException {
		try (InputStream in = DashboardsTests.class.getResourceAsStream("/broken/" + name)) {
			return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
		}
	}

}
