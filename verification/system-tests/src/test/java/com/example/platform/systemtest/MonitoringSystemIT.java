package com.example.platform.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.monitoring.Dashboards;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local platform scraped by a real Prometheus running prometheus/ (discovery through
 * Eureka, relabelling, recording and alert rules): every instance is found and tagged,
 * the meters the dashboards and alerts rely on exist, every rule evaluates, and every
 * panel of every dashboard shows data. On the disrupted platform, last, since it stops
 * the user-service instances and the primary database and sends a poison record to a
 * dead-letter topic; only Prometheus is started for it (the dashboards are read by
 * monitoring-tests' {@link Dashboards}).
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(8)
class MonitoringSystemIT {

	private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

	static LocalPlatform platform;

	static PlatformClient client;

	static PrometheusServer prometheus;

	static int gatewayPort;

	static int discoveryPort;

	@BeforeAll
	static void startPrometheus(LocalPlatform shared, SharedPlatforms.WorkDirectory platformDirectory,
			PlatformClient checked) throws IOException {
		platform = shared;
		gatewayPort = platform.gatewayUri().getPort();
		discoveryPort = platform.discoveryUri().getPort();
		// Prometheus reads the registry's password, which the platform wrote when it
		// started, on every refresh, and scrapes with the certificate it issued.
		prometheus = PrometheusServer.start(REPOSITORY, discoveryPort,
				platformDirectory.path().resolve("secrets").resolve("eureka-password"),
				platform.trust().prometheusCertificate(), Files.createTempDirectory("monitoring-prometheus-"));
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
		driveTraffic();
	}

	@AfterAll
	static void stopPrometheus() {
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void runsOnPrometheus3LikeComposeAndKubernetes() {
		// PromQL differs between 2 and 3 (PrometheusV3Tests); the dashboards are proven
		// on the major version that ships.
		String version = prometheus.api("/api/v1/status/buildinfo")
			.getAsJsonObject("data")
			.get("version")
			.getAsString();
		assertThat(version).as("Prometheus version (scripts/install-prometheus installs 3)").startsWith("3.");
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
	void everyDashboardPanelShowsData() {
		List<String> queries = new ArrayList<>();
		Dashboards.load(REPOSITORY.resolve("grafana/dashboards")).forEach((name, dashboard) -> {
			Map<String, String> variables = Dashboards.variables(dashboard, MonitoringSystemIT::labelValues);
			Dashboards.queries(name, dashboard)
				.forEach((query) -> queries.add(Dashboards.substitute(query.toString(), variables)));
		});
		assertThat(queries).hasSizeGreaterThan(50);
		// Kafka adds per-partition lag meters on a periodic refresh, up to a minute late.
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			List<String> empty = queries.stream()
				.filter((query) -> prometheus.query(query.substring(query.indexOf(" :: ") + 4)).isEmpty())
				.toList();
			assertThat(empty).as("panels that would show No data").isEmpty();
		});
	}

	@Test
	void noPanelQueriesAMetricThatNothingExports() {
		Set<String> known = new TreeSet<>(Dashboards.PROMETHEUS_SERIES);
		known.addAll(Dashboards.recordedNames(REPOSITORY.resolve("prometheus/recording-rules.yml")));
		prometheus.api("/api/v1/label/__name__/values")
			.getAsJsonArray("data")
			.forEach((name) -> known.add(name.getAsString()));
		assertThat(Dashboards.unknownMetrics(Dashboards.load(REPOSITORY.resolve("grafana/dashboards")), known))
			.isEmpty();
	}

	private static Set<String> labelValues(String selector, String label) {
		return labels(prometheus.query("group by (" + label + ") (" + selector + ")"), label);
	}

	/**
	 * Traffic as clients make it, authenticated: each user with their own token (the
	 * token endpoint, order-service's client-credentials call and the JWKS fetches are
	 * part of the picture too).
	 */
	private static void driveTraffic() {
		ApiSession admin = client.admin();
		ApiSession last = null;
		for (int i = 0; i < 3; i++) {
			ApiSession user = client.register("monitoring");
			last = user;
			String userId = user.userId();
			ApiResponse order = user.post("/api/orders", """
					{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}]}
					""".formatted(userId));
			assertThat(order.status()).as(order.body()).isEqualTo(201);
			for (int j = 0; j < 4; j++) {
				assertThat(user.get("/api/users/" + userId).status()).isEqualTo(200);
				assertThat(user.get("/api/orders/" + order.id()).status()).isEqualTo(200);
			}
			assertThat(admin.get("/api/users/" + UUID.randomUUID()).status()).isEqualTo(404);
			assertThat(user.get("/api/users/not-a-uuid").status()).isEqualTo(400);
			// Read-your-writes: the write's token makes the read wait for the replica.
			// The list, because a user by id may be answered by the cache without a
			// database read.
			String written = order.header("X-Consistency-Token");
			assertThat(user.get("/api/users/" + userId, "X-Consistency-Token", written).status()).isEqualTo(200);
			assertThat(admin.get("/api/users?page=0&size=5", "X-Consistency-Token", written).status()).isEqualTo(200);
		}
		throttleLogins();
		degradeUserChecks(last);
		// After the restart above, which would start the 5xx counters afresh.
		causeServerErrors();
		publishPoisonRecord();
	}

	/** Password guessing: user-service answers 429 after five failures for one email. */
	private static void throttleLogins() {
		String email = "guessed-" + UUID.randomUUID() + "@example.com";
		await().atMost(Duration.ofSeconds(30))
			.until(() -> client.requestToken(platform.gatewayUri(), email, "wrong-password").status() == 429);
	}

	/**
	 * Orders while every user-service instance is down: order-service accepts them on its
	 * user projection, marked degraded, and its breaker opens, so the resilience panels
	 * have something to show. The user's token was issued before; validators keep the
	 * keys they fetched.
	 */
	private static void degradeUserChecks(ApiSession user) {
		String order = """
				{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}]}
				""".formatted(user.userId());
		// The running ones: instances other classes added and stopped stay listed.
		List<String> userServices = platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("user-service-") && platform.isHealthy(name))
			.toList();
		platform.stopAll(userServices);
		try {
			// The user reaches order-service's projection through Kafka: the first order
			// may have to wait for it.
			await().atMost(Duration.ofSeconds(30)).until(() -> user.post("/api/orders", order).status() == 201);
			// Enough failed checks on each order-service instance to open its breaker.
			for (int i = 0; i < 30; i++) {
				ApiResponse placed = user.post("/api/orders", order);
				assertThat(placed.status()).as(placed.body()).isEqualTo(201);
			}
		}
		finally {
			platform.startAll(userServices);
		}
		// Back in Prometheus' view before any test looks at availability alerts.
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			assertThat(prometheus.query("up{application=\"user-service\"} == 1")).hasSize(userServices.size());
			assertThat(prometheus.query("ALERTS{alertname=~\"InstanceDown|ApplicationDown\"}")).isEmpty();
		});
		// The restarted instances start their meters afresh: reads again, on each, the
		// read-your-writes kind included (a write's token; the list, as a user by id may
		// come from the cache without a database read).
		ApiSession admin = client.admin();
		ApiResponse placed = user.post("/api/orders", order);
		assertThat(placed.status()).as(placed.body()).isEqualTo(201);
		String written = placed.header("X-Consistency-Token");
		for (String instance : userServices) {
			assertThat(user.direct(instance).get("/api/users/" + user.userId()).status()).isEqualTo(200);
			assertThat(admin.direct(instance).get("/api/users?page=0&size=5", "Consistency", "strong").status())
				.isEqualTo(200);
			assertThat(admin.direct(instance).get("/api/users?page=0&size=5").status()).isEqualTo(200);
			assertThat(admin.direct(instance).get("/api/users?page=0&size=5", "X-Consistency-Token", written).status())
				.isEqualTo(200);
		}
		for (int i = 0; i < 8; i++) {
			assertThat(user.get("/api/users/" + user.userId()).status()).isEqualTo(200);
		}
	}

	/**
	 * Writes answer 503 while the primary is down: the 5xx panels have something to show.
	 */
	private static void causeServerErrors() {
		platform.infrastructure().postgres().stop();
		try {
			// Without a key the service's own handler answers, so the 503 is counted
			// under its route (/api/users) for the per-route panels.
			await().atMost(Duration.ofSeconds(20)).until(() -> register("down").status() == 503);
			// With a key, the gateway retries the 503 on the other instance: the retries
			// panel gets its series.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> register("down", "Idempotency-Key", UUID.randomUUID().toString()).status() == 503);
		}
		finally {
			platform.infrastructure().postgres().start();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> register("up").status() == 201);
	}

	private static ApiResponse register(String prefix, String... headers) {
		return client.anonymous().post("/api/users", """
				{"email":"%s-%s@example.com","name":"Grace","password":"pw-%s"}
				""".formatted(prefix, UUID.randomUUID(), UUID.randomUUID()), headers);
	}

	/** Not JSON: user-service sends it to order-events.DLT at once. */
	private static void publishPoisonRecord() {
		Map<String, Object> config = platform.infrastructure()
			.kafka()
			.clientConfig(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>("order-events", UUID.randomUUID().toString(), "not an event")).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish the poison record", ex);
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

}
