package com.example.platform.order.orders;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.example.platform.order.orders.OrdersClient.Response;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.example.platform.order.orders.OrdersClient.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The user check against two user-service stand-ins behind the load balancer: retries on
 * the other instance, the circuit breaker's states, the bulkhead, and the fallback to the
 * local user projection, all read back from the Prometheus endpoint.
 */
// A small breaker window, a short open state and a one-call bulkhead, so that each
// behaviour takes a few orders and seconds rather than the production numbers. Opening
// at 75% keeps the retry test's alternating failures and successes (50%) from opening it.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "resilience4j.circuitbreaker.instances.user-service.sliding-window-size=4",
				"resilience4j.circuitbreaker.instances.user-service.minimum-number-of-calls=4",
				"resilience4j.circuitbreaker.instances.user-service.failure-rate-threshold=75",
				"resilience4j.circuitbreaker.instances.user-service.wait-duration-in-open-state=2s",
				"resilience4j.circuitbreaker.instances.user-service.permitted-number-of-calls-in-half-open-state=1",
				"resilience4j.bulkhead.instances.user-service.max-concurrent-calls=1" })
@WithEmbeddedInfrastructure
class UserServiceResilienceIT {

	private static final UserServiceStandIn FIRST = UserServiceStandIn.start();

	private static final UserServiceStandIn SECOND = UserServiceStandIn.start();

	private static final String NAMED_USER_SERVICE = "name=\"user-service\"";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@DynamicPropertySource
	static void userService(DynamicPropertyRegistry registry) {
		UserServiceStandIn.register(registry, FIRST, SECOND);
	}

	@AfterAll
	static void stopUserService() {
		FIRST.stop();
		SECOND.stop();
	}

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private JsonMapper json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Value("${resilience4j.retry.instances.user-service.max-attempts}")
	private int attempts;

	private OrdersClient http;

	// Each test starts with a closed breaker and both instances answering, and has its
	// service token and the signing keys cached from this first, verified order.
	@BeforeEach
	void bothInstancesUp() {
		this.circuitBreakers.circuitBreaker("user-service").reset();
		this.http = new OrdersClient(this.port, this.json);
		Response warmUp = place(knownToBoth());
		assertThat(warmUp.status()).as("%s", warmUp.body()).isEqualTo(HttpStatus.CREATED);
		assertThat(warmUp.headers().getFirst("X-User-Check")).isEqualTo("verified");
	}

	@AfterEach
	void restartStoppedInstances() {
		FIRST.ensureRunning();
		SECOND.ensureRunning();
	}

	@Test
	void acceptsOrderOfProjectedUserInDegradedModeWhileUserServiceIsDown() {
		UUID user = knownToBoth();
		stopBoth();

		// The naive behaviour, which is also what happens to a user the projection has
		// not heard of: nothing can decide, so 503.
		Response undecided = place(user);
		assertThat(undecided.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(undecided.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");

		project(user, "ACTIVE");
		double degradedBefore = scrape("platform_user_check_degraded_total", "outcome=\"accepted\"");
		Response accepted = place(user);

		assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(HttpStatus.CREATED);
		assertThat(accepted.headers().getFirst("X-User-Check")).isEqualTo("degraded");
		assertThat(scrape("platform_user_check_degraded_total", "outcome=\"accepted\"")).isEqualTo(degradedBefore + 1);
		assertThat(lines("platform_user_check_degraded_total")).allMatch(
				(line) -> line.contains("application=\"order-service\"") && line.contains("instance=\"order-service:"));
	}

	@Test
	void refusesOrderOfUserTheProjectionKnowsAsDeletedWhileUserServiceIsDown() {
		UUID user = knownToBoth();
		project(user, "DELETED");
		stopBoth();

		Response response = place(user);

		assertThat(response.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(response.body().get("detail").asString()).isEqualTo("User " + user + " does not exist");
	}

	@Test
	void opensBreakerAfterFailuresThenHalfOpensAndClosesWhenUserServiceIsBack() {
		UUID user = knownToBoth();
		project(user, "ACTIVE");
		double openedBefore = scrape("platform_circuitbreaker_transitions_total", NAMED_USER_SERVICE, "from=\"closed\"",
				"to=\"open\"");
		stopBoth();

		// With the warm-up's success, this order's three failed attempts fill the window
		// of four, 75% failed: the breaker opens.
		assertThat(place(user).headers().getFirst("X-User-Check")).isEqualTo("degraded");
		Response whileOpen = place(user);

		assertThat(whileOpen.status()).isEqualTo(HttpStatus.CREATED);
		assertThat(whileOpen.headers().getFirst("X-User-Check")).isEqualTo("degraded");
		assertThat(breakerState("open")).isOne();
		assertThat(scrape("platform_circuitbreaker_transitions_total", NAMED_USER_SERVICE, "from=\"closed\"",
				"to=\"open\""))
			.isEqualTo(openedBefore + 1);
		assertThat(scrape("platform_user_check_degraded_total", "cause=\"circuit_open\"")).isPositive();
		// An open breaker answers without a network call.
		int callsWhileOpen = FIRST.callsFor(user) + SECOND.callsFor(user);
		assertThat(place(user).headers().getFirst("X-User-Check")).isEqualTo("degraded");
		assertThat(FIRST.callsFor(user) + SECOND.callsFor(user)).isEqualTo(callsWhileOpen);

		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(breakerState("half_open")).isOne());
		FIRST.ensureRunning();
		SECOND.ensureRunning();
		Response recovered = place(user);

		assertThat(recovered.headers().getFirst("X-User-Check")).isEqualTo("verified");
		assertThat(breakerState("closed")).isOne();
		assertThat(scrape("platform_circuitbreaker_transitions_total", NAMED_USER_SERVICE, "from=\"half_open\"",
				"to=\"closed\""))
			.isPositive();
	}

	// Round robin alternates between the instances, so of two consecutive orders at least
	// one starts on the failing instance and must be retried on the other.
	@Test
	void retriesOnTheOtherInstanceWhenOneAnswersServiceUnavailable() {
		double retriedBefore = scrape("resilience4j_retry_calls_total", NAMED_USER_SERVICE,
				"kind=\"successful_with_retry\"");
		int failedFirst = 0;
		for (int i = 0; i < 2; i++) {
			UUID user = UUID.randomUUID();
			FIRST.failFor(user);
			SECOND.know(user);

			Response response = place(user);

			assertThat(response.status()).as("%s", response.body()).isEqualTo(HttpStatus.CREATED);
			assertThat(response.headers().getFirst("X-User-Check")).isEqualTo("verified");
			assertThat(SECOND.callsFor(user)).isOne();
			failedFirst += FIRST.callsFor(user);
		}

		assertThat(failedFirst).isPositive();
		assertThat(scrape("resilience4j_retry_calls_total", NAMED_USER_SERVICE, "kind=\"successful_with_retry\""))
			.isEqualTo(retriedBefore + failedFirst);
	}

	@Test
	void neverRetriesANotFound() {
		UUID stranger = UUID.randomUUID();

		Response response = place(stranger);

		assertThat(response.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(FIRST.callsFor(stranger) + SECOND.callsFor(stranger)).isOne();
	}

	@Test
	void fallsBackWhenTheBulkheadIsFull() throws Exception {
		UUID slow = knownToBoth();
		FIRST.slowDown(slow);
		SECOND.slowDown(slow);
		UUID user = knownToBoth();
		project(user, "ACTIVE");
		double rejectedBefore = scrape("platform_user_check_degraded_total", "cause=\"bulkhead_full\"");

		CompletableFuture<Response> stalled = CompletableFuture.supplyAsync(() -> place(slow));
		try {
			await().atMost(TIMEOUT).until(() -> FIRST.callsFor(slow) + SECOND.callsFor(slow) > 0);
			Response response = place(user);

			assertThat(response.status()).isEqualTo(HttpStatus.CREATED);
			assertThat(response.headers().getFirst("X-User-Check")).isEqualTo("degraded");
			assertThat(scrape("platform_user_check_degraded_total", "cause=\"bulkhead_full\""))
				.isEqualTo(rejectedBefore + 1);
			assertThat(FIRST.callsFor(user) + SECOND.callsFor(user)).isZero();
		}
		finally {
			// Every attempt outlives the time limit and the slow user is unknown to the
			// projection.
			assertThat(stalled.get().status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		}
		assertThat(scrape("resilience4j_timelimiter_calls_total", NAMED_USER_SERVICE, "kind=\"timeout\""))
			.isGreaterThanOrEqualTo(this.attempts);
	}

	// What the dashboards read: every Resilience4j instance's meters, tagged like the
	// rest of the service's series.
	@Test
	void exportsResilienceMetersWithApplicationAndInstanceTags() {
		for (String meter : List.of("resilience4j_circuitbreaker_state",
				"resilience4j_circuitbreaker_calls_seconds_count",
				"resilience4j_circuitbreaker_not_permitted_calls_total", "resilience4j_retry_calls_total",
				"resilience4j_bulkhead_available_concurrent_calls", "resilience4j_timelimiter_calls_total")) {
			assertThat(lines(meter)).as(meter)
				.isNotEmpty()
				.allMatch((line) -> line.contains(NAMED_USER_SERVICE) && line.contains("application=\"order-service\"")
						&& line.contains("instance=\"order-service:"));
		}
	}

	private UUID knownToBoth() {
		UUID user = FIRST.knownUser();
		SECOND.know(user);
		return user;
	}

	private static void stopBoth() {
		FIRST.stop();
		SECOND.stop();
	}

	private Response place(UUID user) {
		return this.http.place(TestTokens.user(user), user, item("BOOK-1", 1));
	}

	// What the user-events listener would write; the listener has its own test.
	private void project(UUID user, String status) {
		this.jdbc
			.sql("insert into user_projection (id, status, name, version, updated_at) "
					+ "values (:id, :status, :name, 1, :updatedAt)")
			.param("id", user)
			.param("status", status)
			.param("name", "ACTIVE".equals(status) ? "Projected User" : null)
			.param("updatedAt", Timestamp.from(Instant.now()))
			.update();
	}

	private double breakerState(String state) {
		return scrape("resilience4j_circuitbreaker_state", NAMED_USER_SERVICE, "state=\"" + state + "\"");
	}

	// The sum of a metric's samples whose labels include all the given ones.
	private double scrape(String name, String... labels) {
		return lines(name).stream()
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private List<String> lines(String name) {
		String body = RestClient.create("http://localhost:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class);
		return body.lines().filter((line) -> line.startsWith(name + "{")).toList();
	}

}
