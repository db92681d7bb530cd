package com.example.platform.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the whole platform once, as a user would with {@code ./run-local}, and talks to
 * it only through the gateway.
 */
class PlatformSystemIT {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static LocalPlatform platform;

	@BeforeAll
	static void startPlatform() throws IOException {
		Path workDirectory = Files.createTempDirectory("platform-system-test-");
		platform = LocalPlatform.start(PlatformSettings.isolated(Path.of(".."), workDirectory));
	}

	@AfterAll
	static void stopPlatform() {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	void registersAUserPlacesAndCancelsOrdersAndTheOrderCountFollows() {
		String userId = registerUser("system-" + UUID.randomUUID() + "@example.com");

		Response placed = post("/api/orders",
				"""
						{"userId":"%s","items":[{"sku":"BOOK-1","quantity":3,"unitPrice":19.99},{"sku":"PEN","quantity":1,"unitPrice":0.01}]}
						"""
					.formatted(userId));
		assertThat(placed.status()).isEqualTo(201);
		assertThat(placed.body()).contains("\"status\":\"PLACED\"").contains("\"total\":59.98");
		String orderId = idOf(placed);
		post("/api/orders", """
				{"userId":"%s","items":[{"sku":"MUG","quantity":1,"unitPrice":7.50}]}
				""".formatted(userId));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/api/users/" + userId).body()).contains("\"orderCount\":2"));

		Response cancelled = post("/api/orders/" + orderId + "/cancel", "");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"");
		assertThat(post("/api/orders/" + orderId + "/cancel", "").status()).isEqualTo(409);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/api/users/" + userId).body()).contains("\"orderCount\":1"));
		assertThat(get("/api/orders?userId=" + userId + "&page=0&size=10").body()).contains(orderId);
	}

	@Test
	void rejectsAnOrderForAnUnknownUser() {
		Response response = post("/api/orders", """
				{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1,"unitPrice":1.00}]}
				""".formatted(UUID.randomUUID()));
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void rejectsADuplicateEmailIgnoringCase() {
		String email = "dup-" + UUID.randomUUID() + "@example.com";
		registerUser(email);
		Response duplicate = post("/api/users", """
				{"email":"%s","name":"Twin"}
				""".formatted(email.toUpperCase()));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void spreadsRequestsOverEveryInstanceOfEachService() {
		for (String service : List.of("user-service", "order-service")) {
			String path = service.equals("user-service") ? "/api/users?page=0&size=1" : "/api/orders?page=0&size=1";
			Set<String> servedBy = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				Response response = get(path);
				assertThat(response.status()).isEqualTo(200);
				servedBy.add(response.servedBy());
			}
			assertThat(servedBy).as(service + " instances that served 20 requests")
				.containsExactlyInAnyOrderElementsOf(platform.instancesOf(service));
		}
	}

	@Test
	void makesANewInstanceRoutableWithinTenSecondsOfReportingReady() {
		String instance = platform.addInstance("user-service");
		long ready = System.nanoTime();
		String servedBy = platform.servedByOf(instance);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> servedBy.equals(get("/api/users?page=0&size=1").servedBy()));
		System.out.printf("%s routable %d ms after reporting ready%n", instance,
				Duration.ofNanos(System.nanoTime() - ready).toMillis());

		platform.stop(instance);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			for (int i = 0; i < 10; i++) {
				Response response = get("/api/users?page=0&size=1");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.servedBy()).isNotEqualTo(servedBy);
			}
		});
	}

	@Test
	void servesRepeatedReadsFromTheCacheAndKeepsServingWhileRedisIsDown() {
		String userId = registerUser("cached-" + UUID.randomUUID() + "@example.com");
		double hitsBefore = userCacheMetric("cache_gets_total", "result=\"hit\"");
		double missesBefore = userCacheMetric("cache_gets_total", "result=\"miss\"");
		double loadsBefore = userCacheMetric("platform_cache_loads_total", "");
		int reads = 200;
		for (int i = 0; i < reads; i++) {
			assertThat(get("/api/users/" + userId).status()).isEqualTo(200);
		}
		double hits = userCacheMetric("cache_gets_total", "result=\"hit\"") - hitsBefore;
		double misses = userCacheMetric("cache_gets_total", "result=\"miss\"") - missesBefore;
		double loads = userCacheMetric("platform_cache_loads_total", "") - loadsBefore;
		System.out.printf("user cache over %d reads: %.0f hits, %.0f misses (hit ratio %.3f), %.0f database loads,"
				+ " %.0f queries avoided%n", reads, hits, misses, hits / (hits + misses), loads, reads - loads);
		assertThat(hits / (hits + misses)).isGreaterThan(0.9);
		assertThat(loads).isLessThan(reads / 10.0);

		platform.infrastructure().redis().stop();
		try {
			for (int i = 0; i < 50; i++) {
				assertThat(get("/api/users/" + userId).status()).as("read %d while Redis is down", i).isEqualTo(200);
			}
		}
		finally {
			platform.infrastructure().redis().start();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			double hitsNow = userCacheMetric("cache_gets_total", "result=\"hit\"");
			assertThat(get("/api/users/" + userId).status()).isEqualTo(200);
			assertThat(userCacheMetric("cache_gets_total", "result=\"hit\"")).isGreaterThan(hitsNow);
		});
	}

	@Test
	void noInstanceServesADeletedUserFromTheCache() {
		String userId = registerUser("deleted-" + UUID.randomUUID() + "@example.com");
		for (int i = 0; i < 10; i++) {
			assertThat(get("/api/users/" + userId).status()).isEqualTo(200);
		}
		assertThat(send(HttpRequest.newBuilder(uri("/api/users/" + userId)).DELETE()).status()).isEqualTo(204);
		for (int i = 0; i < 20; i++) {
			assertThat(get("/api/users/" + userId).status()).isEqualTo(404);
		}
	}

	@ParameterizedTest(name = "{0} {1} -> {3}")
	@CsvSource(delimiter = '|',
			textBlock = """
					POST | /api/users                 | {"email":                                                    | 400
					POST | /api/users                 | {"email":"not-an-email","name":"X"}                          | 400
					POST | /api/users                 | {"name":"No Email"}                                          | 400
					POST | /api/users                 | []                                                           | 400
					GET  | /api/users/not-a-uuid      |                                                              | 400
					GET  | /api/users?page=-1&size=5  |                                                              | 400
					GET  | /api/users?page=0&size=100000 |                                                           | 400
					GET  | /api/users?page=x          |                                                              | 400
					POST | /api/orders                | {"userId":"nope","items":[]}                                 | 400
					POST | /api/orders                | {"userId":"00000000-0000-0000-0000-000000000001","items":[{"sku":"A","quantity":0,"unitPrice":1}]}  | 400
					POST | /api/orders                | {"userId":"00000000-0000-0000-0000-000000000001","items":[{"sku":"A","quantity":-2,"unitPrice":1}]} | 400
					POST | /api/orders                | {"userId":"00000000-0000-0000-0000-000000000001","items":[{"sku":"A","quantity":"two","unitPrice":1}]} | 400
					GET  | /api/orders/123            |                                                              | 400
					POST | /api/orders/123/cancel     |                                                              | 400
					GET  | /api/orders?userId=x       |                                                              | 400
					GET  | /api/nowhere               |                                                              | 404
					GET  | /nowhere                   |                                                              | 404
					GET  | /actuator/health           |                                                              | 404
					""")
	void answersMalformedRequestsWithProblemDetails(String method, String path, String body, int status) {
		Response response = method.equals("GET") ? get(path) : post(path, (body != null) ? body : "");
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.body()).contains("\"detail\"").doesNotContain("Exception").doesNotContain("at com.");
	}

	/**
	 * Sums a metric of the users cache over every user-service instance.
	 */
	private static double userCacheMetric(String name, String extraLabel) {
		double sum = 0;
		for (String instance : platform.instanceNames()) {
			if (!instance.startsWith("user-service") || !platform.isHealthy(instance)) {
				continue;
			}
			URI metrics = URI.create("http://localhost:" + platform.portOf(instance) + "/actuator/prometheus");
			for (String line : send(HttpRequest.newBuilder(metrics).GET()).body().split("\n")) {
				if (line.startsWith(name + "{") && line.contains("cache=\"users\"") && line.contains(extraLabel)) {
					sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
		}
		return sum;
	}

	private static String registerUser(String email) {
		Response response = post("/api/users", """
				{"email":"%s","name":"System Test"}
				""".formatted(email));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return idOf(response);
	}

	private static String idOf(Response response) {
		Matcher matcher = ID.matcher(response.body());
		assertThat(matcher.find()).as("id in " + response.body()).isTrue();
		return matcher.group(1);
	}

	private static Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private static Response post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static URI uri(String path) {
		return URI.create(platform.gatewayUri() + path);
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("X-Served-By").orElse(""));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, String body, String contentType, String servedBy) {

	}

}
