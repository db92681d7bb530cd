package com.example.platform.systemtest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform through the gateway while it changes under it: one more user-service
 * instance becomes routable and leaves again, and users are still served while Redis is
 * down. The requests and reads without such changes are {@link PlatformSystemIT}'s.
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(3)
class ScaleOutAndRedisOutageSystemIT {

	// Long enough for callers to fetch the registry (2 s) and refresh their load
	// balancers' caches (2 s) several times over while the instance listens.
	private static final Duration WARM_UP = Duration.ofSeconds(15);

	private static final JsonMapper json = JsonMapper.builder().build();

	static LocalPlatform platform;

	static PlatformClient client;

	static ApiSession admin;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
		admin = client.admin();
	}

	/**
	 * A new instance whose start holds for a while after its web server listens (the
	 * faults profile's warm-up, like a cache warmed before serving): it is registered but
	 * gets no request until it reports ready, then gets them within ten seconds.
	 * Registered UP from the start, as Eureka's client does by default, it was sent
	 * requests while still starting: ResilienceSystemIT's rolling restart lost orders
	 * that way.
	 */
	@Test
	void routesNothingToANewInstanceUntilItIsReadyThenWithinTenSeconds() {
		Set<String> before = Set.copyOf(platform.instanceNames());
		CompletableFuture<String> adding = CompletableFuture.supplyAsync(() -> platform.addInstance("user-service",
				Map.of("SPRING_PROFILES_ACTIVE", "faults", "PLATFORM_FAULTS_WARM_UP", WARM_UP.toString())));
		String instance = await().atMost(Duration.ofSeconds(10))
			.until(() -> platform.instanceNames().stream().filter((name) -> !before.contains(name)).findFirst(),
					Optional::isPresent)
			.orElseThrow();
		String servedBy = platform.servedByOf(instance);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> registryStatusOf(servedBy).equals(Optional.of("STARTING")) || adding.isDone());
		assertThat(adding).as("still warming up once registered").isNotDone();

		int whileStarting = 0;
		while (!adding.isDone()) {
			ApiResponse response = admin.get("/api/users?page=0&size=1");
			assertThat(response.status()).isEqualTo(200);
			if (servedBy.equals(response.servedBy())) {
				// Between reporting ready and the launcher seeing it: fine, if ready.
				assertThat(readinessStatusOf(instance)).as("served by %s before it was ready", instance).isEqualTo(200);
			}
			else {
				whileStarting++;
			}
		}
		adding.join();
		long ready = System.nanoTime();
		assertThat(registryStatusOf(servedBy)).hasValue("UP");
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> servedBy.equals(admin.get("/api/users?page=0&size=1").servedBy()));
		System.out.printf(
				"%s: %d requests served by others while it was registered but starting; routable %d ms"
						+ " after reporting ready%n",
				instance, whileStarting, Duration.ofNanos(System.nanoTime() - ready).toMillis());

		platform.stop(instance);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			for (int i = 0; i < 10; i++) {
				ApiResponse response = admin.get("/api/users?page=0&size=1");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.servedBy()).isNotEqualTo(servedBy);
			}
		});
	}

	@Test
	void servesRepeatedReadsFromTheCacheAndKeepsServingWhileRedisIsDown() {
		ApiSession user = client.register("cached");
		String path = "/api/users/" + user.userId();
		double hitsBefore = userCacheMetric("cache_gets_total", "result=\"hit\"");
		double missesBefore = userCacheMetric("cache_gets_total", "result=\"miss\"");
		double loadsBefore = userCacheMetric("platform_cache_loads_total", "");
		int reads = 200;
		for (int i = 0; i < reads; i++) {
			assertThat(user.get(path).status()).isEqualTo(200);
		}
		double hits = userCacheMetric("cache_gets_total", "result=\"hit\"") - hitsBefore;
		double misses = userCacheMetric("cache_gets_total", "result=\"miss\"") - missesBefore;
		double loads = userCacheMetric("platform_cache_loads_total", "") - loadsBefore;
		System.out.printf("user cache over %d reads: %.0f hits, %.0f misses (hit ratio %.3f), %.0f database loads,"
				+ " %.0f queries avoided%n", reads, hits, misses, hits / (hits + misses), loads, reads - loads);
		assertThat(hits / (hits + misses)).isGreaterThan(0.9);
		assertThat(loads).isLessThan(reads / 10.0);

		// Redis also holds the gateway's rate-limit buckets, which fail open.
		platform.infrastructure().redis().stop();
		try {
			for (int i = 0; i < 50; i++) {
				assertThat(user.get(path).status()).as("read %d while Redis is down", i).isEqualTo(200);
			}
		}
		finally {
			platform.infrastructure().redis().start();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			double hitsNow = userCacheMetric("cache_gets_total", "result=\"hit\"");
			assertThat(user.get(path).status()).isEqualTo(200);
			assertThat(userCacheMetric("cache_gets_total", "result=\"hit\"")).isGreaterThan(hitsNow);
		});
	}

	/**
	 * Sums a metric of the users cache over every user-service instance, read from each
	 * instance's management port.
	 */
	private static double userCacheMetric(String name, String extraLabel) {
		double sum = 0;
		for (String instance : platform.instanceNames()) {
			if (!instance.startsWith("user-service") || !platform.isHealthy(instance)) {
				continue;
			}
			URI management = URI.create("https://localhost:" + platform.managementPortOf(instance));
			ApiResponse response = client.anonymous().at(management).get("/actuator/prometheus");
			for (String line : response.body().split("\n")) {
				if (line.startsWith(name + "{") && line.contains("cache=\"users\"") && line.contains(extraLabel)) {
					sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
		}
		return sum;
	}

	// The instance's status in the registry, as every caller's registry fetch sees it.
	private static Optional<String> registryStatusOf(String instanceId) {
		ApiResponse apps = client.anonymous()
			.at(platform.discoveryUri())
			.get("/eureka/apps/USER-SERVICE", "Accept", "application/json", "Authorization",
					platform.trust().registryAuthorization());
		assertThat(apps.status()).as(apps.body()).isEqualTo(200);
		for (JsonNode registered : json.readTree(apps.body()).path("application").path("instance")) {
			if (instanceId.equals(registered.path("instanceId").asString())) {
				return Optional.of(registered.path("status").asString());
			}
		}
		return Optional.empty();
	}

	private static int readinessStatusOf(String instance) {
		URI management = URI.create("https://localhost:" + platform.managementPortOf(instance));
		return client.anonymous().at(management).get("/actuator/health/readiness").status();
	}

}
