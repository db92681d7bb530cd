package com.example.platform.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.example.platform.infra.FreePorts;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformSettings;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local platform scraped by a real Prometheus running prometheus/ (discovery through
 * Eureka, relabelling, recording and alert rules): every instance is found and tagged,
 * the meters the dashboards and alerts rely on exist, every rule evaluates, and every
 * panel of every dashboard shows data.
 */
class MonitoringSystemIT {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

	static LocalPlatform platform;

	static PrometheusServer prometheus;

	static int gatewayPort;

	static int discoveryPort;

	@BeforeAll
	static void startPlatformAndPrometheus() throws IOException {
		Path work = Files.createTempDirectory("monitoring-system-test-");
		gatewayPort = FreePorts.next();
		discoveryPort = FreePorts.next();
		// Prometheus first: skipped before the platform's minute of start-up when it is
		// missing.
		prometheus = PrometheusServer.start(REPOSITORY, discoveryPort, Files.createDirectories(work.resolve("prom")));
		platform = LocalPlatform.start(PlatformSettings.parse("--repository=" + REPOSITORY,
				"--work-dir=" + work.resolve("platform"), "--clean", "--gateway-port=" + gatewayPort,
				"--gateway-management-port=" + FreePorts.next(), "--discovery-port=" + discoveryPort,
				"--user-service-port=" + consecutivePorts(), "--order-service-port=" + consecutivePorts(),
				"--postgres-port=0", "--kafka-port=0", "--redis-port=0", "--startup-timeout-seconds=240"));
		driveTraffic();
	}

	@AfterAll
	static void stop() {
		if (platform != null) {
			platform.close();
		}
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void findsEveryApplicationInstanceThroughEurekaAndTagsItsMeters() {
		Set<String> expected = new TreeSet<>();
		expected.add("gateway:" + gatewayPort);
		// The local platform's instance ids are the Eureka instance ids (name:port).
		expected.addAll(platform.instancesOf("user-service"));
		expected.addAll(platform.instancesOf("order-service"));
		assertThat(expected).hasSize(5);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(labels(prometheus.query("up{job=\"applications\"} == 1"), "instance"))
				.containsExactlyInAnyOrderElementsOf(expected));
		assertThat(labels(prometheus.query("up{job=\"applications\"}"), "application"))
			.containsExactlyInAnyOrder("gateway", "user-service", "order-service");
		expected.add("discovery:" + discoveryPort);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					pairs(prometheus.query("count by (application, instance) (jvm_memory_used_bytes)")))
				.containsExactlyInAnyOrderElementsOf(expected));
	}

	@Test
	void exportsTheMetersDashboardsAndAlertsUse() {
		List<String> expressions = List.of(
				// Latency histograms, server side and client side (order-service's user
				// check, the
				// gateway's proxied calls).
				"http_server_requests_seconds_bucket{application=\"user-service\", uri=\"/api/users/{id}\"}",
				"http_server_requests_seconds_bucket{application=\"order-service\", uri=\"/api/orders\"}",
				"http_server_requests_seconds_bucket{application=\"gateway\"}",
				"http_client_requests_seconds_bucket{application=\"order-service\"}",
				"http_client_requests_seconds_bucket{application=\"gateway\"}", "jvm_gc_pause_seconds_count",
				"jvm_threads_live_threads", "process_cpu_usage", "hikaricp_connections{pool=\"primary\"}",
				"hikaricp_connections{pool=\"replica-1\"}", "kafka_consumer_fetch_manager_records_lag_max",
				"kafka_producer_record_send_total",
				// Boot 4 instruments Lettuce through its observation API (lettuce*
				// meters).
				"{__name__=~\"lettuce.*\", application=\"user-service\"}", "db_replica_lag_seconds", "db_reads_total",
				"platform_cache_bypassed", "cache_gets_total", "messaging_outbox_backlog_events",
				"messaging_outbox_oldest_age_seconds", "messaging_outbox_published_total");
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<String> missing = expressions.stream().filter((e) -> prometheus.query(e).isEmpty()).toList();
			assertThat(missing).as("expressions without any series").isEmpty();
		});
	}

	@Test
	void everyRuleEvaluatesAndTheRecordingRulesCoverEveryApplication() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(labels(prometheus.query("application:http_server_requests:rate5m"), "application"))
				.contains("gateway", "user-service", "order-service");
			assertThat(
					labels(prometheus.query("application:http_server_requests_seconds:quantile_rate5m"), "application"))
				.contains("gateway", "user-service", "order-service");
			assertThat(prometheus.query("application_uri:http_server_requests:rate5m")).isNotEmpty();
			assertThat(prometheus.query("application_client:http_client_requests:rate5m")).isNotEmpty();
		});
		List<String> unhealthy = new ArrayList<>();
		int rules = 0;
		for (JsonElement group : prometheus.api("/api/v1/rules").getAsJsonObject("data").getAsJsonArray("groups")) {
			for (JsonElement element : group.getAsJsonObject().getAsJsonArray("rules")) {
				JsonObject rule = element.getAsJsonObject();
				rules++;
				if (!"ok".equals(rule.get("health").getAsString())) {
					unhealthy.add(rule.get("name").getAsString() + ": " + rule.get("lastError"));
				}
			}
		}
		assertThat(rules).isGreaterThan(20);
		assertThat(unhealthy).isEmpty();
		assertThat(labels(prometheus.query("ALERTS{alertname=~\"InstanceDown|ApplicationDown\"}"), "alertname"))
			.as("a healthy platform raises no availability alert")
			.isEmpty();
	}

	@Test
	void everyDashboardPanelShowsData() throws IOException {
		List<String> queries = new ArrayList<>();
		try (Stream<Path> files = Files.list(REPOSITORY.resolve("grafana/dashboards"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				JsonObject dashboard = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
				for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
					JsonArray targets = panel.getAsJsonObject().getAsJsonArray("targets");
					if (targets == null) {
						continue;
					}
					for (JsonElement target : targets) {
						queries.add(file.getFileName() + " / " + panel.getAsJsonObject().get("title").getAsString()
								+ " :: " + target.getAsJsonObject().get("expr").getAsString());
					}
				}
			}
		}
		assertThat(queries).isNotEmpty();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<String> empty = queries.stream()
				.filter((query) -> prometheus.query(substitute(query.substring(query.indexOf(" :: ") + 4))).isEmpty())
				.toList();
			assertThat(empty).as("panels that would show No data").isEmpty();
		});
	}

	/**
	 * Grafana's built-in variables as Grafana would expand them for a 2 s scrape
	 * interval.
	 */
	private static String substitute(String expression) {
		return expression.replace("$__rate_interval", "1m").replace("$__interval", "10s").replace("$__range", "15m");
	}

	private static void driveTraffic() {
		for (int i = 0; i < 3; i++) {
			Response user = send("POST", "/api/users",
					"{\"email\":\"monitoring-" + UUID.randomUUID() + "@example.com\",\"name\":\"Grace\"}");
			assertThat(user.status()).isEqualTo(201);
			String userId = idOf(user);
			Response order = send("POST", "/api/orders", """
					{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1,"unitPrice":9.99}]}
					""".formatted(userId));
			assertThat(order.status()).isEqualTo(201);
			for (int j = 0; j < 4; j++) {
				assertThat(send("GET", "/api/users/" + userId, null).status()).isEqualTo(200);
				assertThat(send("GET", "/api/orders/" + idOf(order), null).status()).isEqualTo(200);
			}
			assertThat(send("GET", "/api/users/" + UUID.randomUUID(), null).status()).isEqualTo(404);
		}
	}

	private static Set<String> labels(JsonArray result, String label) {
		Set<String> values = new TreeSet<>();
		result.forEach((series) -> {
			JsonElement value = series.getAsJsonObject().getAsJsonObject("metric").get(label);
			if (value != null) {
				values.add(value.getAsString());
			}
		});
		return values;
	}

	private static Set<String> pairs(JsonArray result) {
		Set<String> values = new TreeSet<>();
		result.forEach((series) -> {
			JsonObject metric = series.getAsJsonObject().getAsJsonObject("metric");
			values.add(metric.has("instance") ? metric.get("instance").getAsString() : "(no instance)");
			assertThat(metric.has("application")).as(metric.toString()).isTrue();
			assertThat(metric.get("instance").getAsString()).startsWith(metric.get("application").getAsString() + ":");
		});
		return values;
	}

	private static String idOf(Response response) {
		Matcher matcher = ID.matcher(response.body());
		assertThat(matcher.find()).as(response.body()).isTrue();
		return matcher.group(1);
	}

	record Response(int status, String body) {

	}

	private static Response send(String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + gatewayPort + path))
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int consecutivePorts() {
		while (true) {
			int port = FreePorts.next();
			if (port < 65535 && isFree(port + 1)) {
				return port;
			}
		}
	}

	private static boolean isFree(int port) {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
