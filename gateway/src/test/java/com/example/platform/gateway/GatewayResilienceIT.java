package com.example.platform.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Circuit breakers, time limits and retries (and their count) of the real routes against
 * stand-in instances: two healthy user-service instances plus one that refuses
 * connections, two order-service instances. Paths choose the behaviour: {@code flaky-*}
 * answers 503 the first time it is called (on whichever instance), {@code slow-<ms>-*}
 * answers after a delay, {@code broken} closes the connection without answering,
 * {@code b-down-*} does so on the b instances only (as a dead instance's port that still
 * accepts connections) and is answered by the others, {@code claimed-*} closes it the
 * first time and then answers 409 with Retry-After (an instance that died running a keyed
 * POST, and the key it held).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "eureka.client.enabled=false",
		"management.server.port=0", "platform.gateway.circuit-breaker.time-limits.user-service=2s",
		"platform.gateway.circuit-breaker.sliding-window-size=4", "platform.gateway.circuit-breaker.minimum-calls=4",
		"platform.gateway.circuit-breaker.wait-in-open-state=30s" })
@AutoConfigureWebTestClient
class GatewayResilienceIT {

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final List<Call> calls = new CopyOnWriteArrayList<>();

	private static final Map<String, AtomicInteger> callsPerPath = new ConcurrentHashMap<>();

	private static final HttpStandIn userServiceA = instance("user-service-a");

	private static final HttpStandIn userServiceB = instance("user-service-b");

	private static final int refusingUserServicePort = HttpStandIn.refusingPort();

	private static final HttpStandIn orderServiceA = instance("order-service-a");

	private static final HttpStandIn orderServiceB = instance("order-service-b");

	private static final HttpStandIn jwks = instance("jwks");

	private WebTestClient client;

	@LocalManagementPort
	private int managementPort;

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		String token = TestTokens.admin();
		this.client = client.mutate().defaultHeaders((headers) -> headers.setBearerAuth(token)).build();
	}

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.discovery.client.simple.instances.";
		registry.add(prefix + "user-service[0].uri", () -> uri(userServiceA));
		registry.add(prefix + "user-service[1].uri", () -> uri(userServiceB));
		registry.add(prefix + "user-service[2].uri", () -> "http://127.0.0.1:" + refusingUserServicePort);
		registry.add(prefix + "order-service[0].uri", () -> uri(orderServiceA));
		registry.add(prefix + "order-service[1].uri", () -> uri(orderServiceB));
		// Its own key set server, so token checks never depend on the refusing instance.
		registry.add("platform.security.jwk-set-uri", () -> uri(jwks) + TestTokens.JWKS_PATH);
		TestRedis.register(registry);
	}

	@AfterAll
	static void stopInstances() {
		List.of(userServiceA, userServiceB, orderServiceA, orderServiceB, jwks).forEach(HttpStandIn::close);
	}

	@Test
	void retriesAGetOntoAnotherInstanceWhenOneRefusesConnections() {
		// Round robin over three instances: every third attempt meets the refusing one.
		for (int i = 0; i < 9; i++) {
			String path = "/api/users/" + UUID.randomUUID();
			this.client.get().uri(path).exchange().expectStatus().isOk();
			assertThat(callsTo(path)).hasSize(1);
		}
	}

	// A POST without a key is never retried, so it reaches a client as a 502 whenever the
	// load balancer picks the refusing instance, unless that instance was ejected.
	@Test
	void stopsChoosingAnInstanceOnceItRefusedAConnection() {
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/api/users/" + UUID.randomUUID()).exchange().expectStatus().isOk();
		}
		for (int i = 0; i < 9; i++) {
			this.client.post()
				.uri("/api/users/" + UUID.randomUUID())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	@Test
	void retriesAGetOntoAnotherInstanceWhenOneAnswers503() {
		String path = "/api/users/flaky-" + UUID.randomUUID();

		String servedBy = this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Served-By");

		assertThat(callsTo(path)).hasSize(2);
		assertThat(callsTo(path).get(0).instance()).as("the instance that answered 503").isNotEqualTo(servedBy);
	}

	@Test
	void neverRetriesNorCountsAPostWithoutAnIdempotencyKey() {
		String path = "/api/orders/flaky-" + UUID.randomUUID();
		double postsBefore = retries("route", "order-service", "method", "POST");
		double getsBefore = retries("route", "order-service", "method", "GET");

		this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"sku\":\"A-1\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(503);

		assertThat(callsTo(path)).hasSize(1);
		// Counted as a request ends, maybe just after the client has its answer: once a
		// later GET's retry shows, a count for the POST would have shown too.
		this.client.get().uri("/api/orders/flaky-" + UUID.randomUUID()).exchange().expectStatus().isOk();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(retries("route", "order-service", "method", "GET")).isGreaterThan(getsBefore));
		assertThat(retries("route", "order-service", "method", "POST")).isEqualTo(postsBefore);
	}

	// Two healthy order-service instances: the 503 is followed by exactly one retry.
	@Test
	void countsTheRetryAGetNeededByRouteMethodAndOutcome() {
		String path = "/api/orders/flaky-" + UUID.randomUUID();
		double before = retries("route", "order-service", "method", "GET", "outcome", "2xx");

		this.client.get().uri(path).exchange().expectStatus().isOk();

		assertThat(callsTo(path)).hasSize(2);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(retries("route", "order-service", "method", "GET", "outcome", "2xx"))
				.isEqualTo(before + 1));
	}

	// Each attempt ends in a closed connection (an IOException, retried) on either
	// instance: both retries are counted, as an error since no instance answered.
	@Test
	void countsEveryRetryOfAGetWhoseAttemptsAllFailed() {
		String path = "/api/orders/broken";
		double before = retries("route", "order-service", "method", "GET", "outcome", "error");

		this.client.get().uri(path).exchange().expectStatus().isEqualTo(502);

		assertThat(callsTo(path)).hasSize(3);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(retries("route", "order-service", "method", "GET", "outcome", "error"))
				.isEqualTo(before + 2));
	}

	@Test
	void retriesAPostThatCarriesAnIdempotencyKeyWithTheSameKeyAndBody() {
		String path = "/api/orders/flaky-" + UUID.randomUUID();
		String key = UUID.randomUUID().toString();

		this.client.post()
			.uri(path)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"sku\":\"A-1\"}")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(callsTo(path)).hasSize(2)
			.allSatisfy((call) -> assertThat(call.idempotencyKey()).isEqualTo(key))
			.allSatisfy((call) -> assertThat(call.body()).isEqualTo("{\"sku\":\"A-1\"}"));
	}

	// Issue 25: the instance running a keyed POST dies (the connection closes without an
	// answer) and the retry meets the key still claimed by that dead attempt. The service
	// frees a dead owner's key at once, so its 409 and Retry-After are true: the gateway
	// hands both to the client unchanged rather than retrying a 409 itself.
	@Test
	void passesOnThe409AndRetryAfterARetriedKeyedPostMeetsWhileItsDeadAttemptsKeyIsFreed() {
		String path = "/api/orders/claimed-" + UUID.randomUUID();

		this.client.post()
			.uri(path)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"sku\":\"A-1\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectHeader()
			.contentType(PROBLEM_JSON);

		assertThat(callsTo(path)).hasSize(2);
	}

	// Round robin's position is shared by every request: under concurrent load the next
	// choice for a retry is as likely as not the instance that just failed it again,
	// unless the load balancer leaves out what this request already tried.
	@Test
	void neverRetriesAGetOntoAnInstanceThatFailedItUnderConcurrentLoad() throws Exception {
		List<Callable<List<Answer>>> callers = new ArrayList<>();
		for (int caller = 0; caller < 16; caller++) {
			callers.add(() -> {
				List<Answer> answers = new ArrayList<>();
				for (int i = 0; i < 15; i++) {
					answers.add(get("/api/orders/b-down-" + UUID.randomUUID()));
				}
				return answers;
			});
		}
		List<Answer> answers = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Future<List<Answer>> caller : executor.invokeAll(callers)) {
				answers.addAll(caller.get());
			}
		}

		assertThat(answers).hasSize(240).allSatisfy((answer) -> {
			assertThat(answer.status()).as("status of %s", answer.path()).isEqualTo(200);
			assertThat(answer.servedBy()).as("instance that served %s", answer.path()).isEqualTo("order-service-a");
			assertThat(callsTo(answer.path())).as("calls for %s", answer.path())
				.filteredOn((call) -> call.instance().equals("order-service-b"))
				.hasSizeLessThanOrEqualTo(1);
		});
		assertThat(answers).as("requests whose first attempt met the dead instance")
			.anySatisfy((answer) -> assertThat(callsTo(answer.path())).hasSize(2));
	}

	// Resilience4j's default time limit (1 s) would cut this call off.
	@Test
	void letsASlowCallFinishWithinTheRoutesExplicitTimeLimit() {
		this.client.get().uri("/api/users/slow-1300-" + UUID.randomUUID()).exchange().expectStatus().isOk();
	}

	@Test
	void answers504WhenACallExceedsTheRoutesTimeLimit() {
		this.client.get()
			.uri("/api/users/slow-4000-" + UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(PROBLEM_JSON);
	}

	@Test
	void opensTheBreakerOfAFailingRouteAndAnswers503WithRetryAfter() {
		String path = "/api/admin/order-service/broken";
		// Every attempt (retries included) fails: four failed calls fill the window.
		for (int i = 0; i < 4; i++) {
			this.client.get().uri(path).exchange().expectStatus().isEqualTo(502);
		}
		int attempts = callsTo("/api/admin/broken").size();

		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "30")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("order-service is unavailable: retry after 30 second(s)");

		assertThat(callsTo("/api/admin/broken")).as("no call while open").hasSize(attempts);
		// Other routes to the same service keep their own, closed breaker.
		this.client.get().uri("/api/orders/" + UUID.randomUUID()).exchange().expectStatus().isOk();
		assertThat(scrape())
			.contains("resilience4j_circuitbreaker_state{application=\"gateway\"", "name=\"order-service-admin\"")
			.containsPattern(
					"resilience4j_circuitbreaker_state\\{[^}]*name=\"order-service-admin\"[^}]*state=\"open\"[^}]*\\} 1\\.0")
			.containsPattern("platform_gateway_circuit_breaker_transitions_total\\{[^}]*from=\"CLOSED\"[^}]*"
					+ "name=\"order-service-admin\"[^}]*to=\"OPEN\"[^}]*\\} 1\\.0");
	}

	// platform_gateway_retries_total summed over the series with the given labels
	// (name, value, name, value...), as Prometheus scrapes it.
	private double retries(String... labels) {
		return scrape().lines()
			.filter((line) -> line.startsWith("platform_gateway_retries_total{"))
			.filter((line) -> hasLabels(line, labels))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static boolean hasLabels(String line, String... labels) {
		for (int i = 0; i < labels.length; i += 2) {
			if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
				return false;
			}
		}
		return true;
	}

	private String scrape() {
		// A scrape can outgrow WebClient's 256 KB default buffer.
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private Answer get(String path) {
		EntityExchangeResult<byte[]> result = this.client.get().uri(path).exchange().expectBody().returnResult();
		return new Answer(path, result.getStatus().value(), result.getResponseHeaders().getFirst("X-Served-By"));
	}

	private static List<Call> callsTo(String path) {
		return calls.stream().filter((call) -> call.path().equals(path)).toList();
	}

	private static String uri(HttpStandIn server) {
		return server.uri().toString();
	}

	private static HttpStandIn instance(String name) {
		return HttpStandIn.start((request) -> answer(name, request));
	}

	private static Response answer(String name, Request request) throws InterruptedException {
		String path = request.path();
		if (path.equals(TestTokens.JWKS_PATH)) {
			return Response.json(200, TestTokens.jwks());
		}
		calls.add(new Call(name, request.method(), path, request.header("Idempotency-Key"), request.body()));
		int call = callsPerPath.computeIfAbsent(path, (ignored) -> new AtomicInteger()).incrementAndGet();
		String last = path.substring(path.lastIndexOf('/') + 1);
		if (last.equals("broken")) {
			return Response.none();
		}
		if (last.startsWith("b-down-") && name.endsWith("-b")) {
			return Response.none();
		}
		if (last.startsWith("claimed-")) {
			if (call == 1) {
				return Response.none();
			}
			return Response.of(409, PROBLEM_JSON, "{\"status\":409,\"detail\":\"still being processed\"}")
				.withHeader("Retry-After", "1")
				.withHeader("X-Served-By", name);
		}
		if (last.startsWith("flaky-") && call == 1) {
			return Response.of(503, PROBLEM_JSON, "{\"status\":503,\"detail\":\"draining\"}")
				.withHeader("X-Served-By", name);
		}
		if (last.startsWith("slow-")) {
			// The stand-in's injected latency, not a test waiting for something.
			Thread.sleep(Long.parseLong(last.split("-")[1]));
		}
		return Response.json(200, "{\"servedBy\":\"%s\"}".formatted(name)).withHeader("X-Served-By", name);
	}

	/**
	 * One request as an instance received it.
	 *
	 * @param instance which instance
	 * @param method the method
	 * @param path the raw path
	 * @param idempotencyKey the Idempotency-Key header, if any
	 * @param body the request body
	 */
	record Call(String instance, String method, String path, String idempotencyKey, String body) {

	}

	/**
	 * How the gateway answered one request.
	 *
	 * @param path the path requested
	 * @param status the status answered
	 * @param servedBy the instance that answered it, if any
	 */
	record Answer(String path, int status, String servedBy) {

	}

}
