package com.example.platform.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Instance failures under steady load through the gateway (issue 7, items 4, 5 and 9;
 * issue 25): a {@code kill -9} of one of two user-service instances, and of an
 * order-service instance while it holds idempotency keys, a rolling restart of every
 * service instance with SIGTERM, one slow user-service instance, every user-service
 * instance stopped, and a POST whose answer the client never gets. Clients must see no
 * failed request and no duplicate order. Load rates are modest: the platform shares two
 * cores with the build.
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceSystemIT {

	// ~25 requests per second.
	private static final Duration LOAD_PERIOD = Duration.ofMillis(40);

	// 10 orders per second: each order is several writes, and a slow check holds a
	// request for seconds.
	private static final Duration SLOW_LOAD_PERIOD = Duration.ofMillis(100);

	private static LocalPlatform platform;

	private static PlatformClient client;

	private static ApiSession user;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
		user = client.register("resilience");
	}

	@Test
	@Order(1)
	void hidesAKilledInstanceAndStopsChoosingItWithinTenSeconds() throws Exception {
		List<String> instances = platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("user-service"))
			.toList();
		assertThat(instances).hasSizeGreaterThanOrEqualTo(2);
		String victim = instances.get(0);
		String userPath = "/api/users/" + user.userId();
		awaitRoutable(victim, () -> user.get(userPath));

		Instant killed;
		RetryWatch retries = RetryWatch.start(platform);
		try (Load load = Load.start(() -> user.get(userPath))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.outcomes().size() >= 25);
			platform.kill(victim);
			killed = Instant.now();
			// Nothing listens on the dead instance's port any more, as after a real
			// crash: each time the gateway still chooses it, the attempt fails and the
			// request is retried on the other instance, which the retries counter shows.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> load.outcomes().stream().filter((outcome) -> outcome.at().isAfter(killed)).count() >= 375);
			List<Outcome> outcomes = load.stop();

			assertThat(outcomes).filteredOn((outcome) -> !outcome.ok()).as("failed GETs").isEmpty();
			assertThat(outcomes).filteredOn((outcome) -> outcome.at().isAfter(killed))
				.extracting(Outcome::servedBy)
				.doesNotContain(platform.servedByOf(victim));
		}
		finally {
			retries.close();
		}
		Duration chosenFor = retries.lastIncrease().map((last) -> Duration.between(killed, last)).orElse(Duration.ZERO);
		System.out.printf("Killed %s: still chosen for %d ms (%.0f retried requests)%n", victim, chosenFor.toMillis(),
				retries.increase());
		assertThat(chosenFor).as("time the killed instance was still chosen").isLessThan(Duration.ofSeconds(10));

		platform.start(victim);
		awaitRoutable(victim, () -> user.get(userPath));
	}

	@Test
	@Order(2)
	void restartsEveryInstanceOneByOneWithoutAFailedRequestOrADuplicateOrder() throws Exception {
		String userPath = "/api/users/" + user.userId();
		ApiResponse first = placeOrder(UUID.randomUUID().toString());
		assertThat(first.status()).as(first.body()).isEqualTo(201);
		String orderPath = "/api/orders/" + first.id();
		AtomicInteger sent = new AtomicInteger();
		List<Outcome> outcomes;
		try (Load load = Load.start(() -> (sent.getAndIncrement() % 2 == 0) ? user.get(userPath)
				: placeOrder(UUID.randomUUID().toString()))) {
			// The running ones: an instance another class added and stopped stays listed.
			// Each service rolls one instance at a time, so it always keeps one routable,
			// and the services roll one after the other: side by side, two JVMs starting
			// at once under this load on two shared cores left a restarted user-service
			// instance registered and listening but too slow to answer order-service's
			// user checks in time for seconds, and 184 of 3,661 requests failed
			// (2026-12-07, on a day the machine ran at two thirds of its usual speed).
			Map<Boolean, List<String>> byService = platform.instanceNames()
				.stream()
				.filter(platform::isHealthy)
				.collect(Collectors.partitioningBy((instance) -> instance.startsWith("user-service")));
			restartOneByOne(byService.get(true), () -> user.get(userPath));
			restartOneByOne(byService.get(false), () -> user.get(orderPath));
			outcomes = load.stop();
		}
		long placed = outcomes.stream().filter((outcome) -> outcome.status() == 201).count() + 1;
		long replayed = outcomes.stream().filter(Outcome::replayed).count();
		System.out.printf("Rolling restart: %d requests, %d failed, %d orders placed, %d replayed%n", outcomes.size(),
				outcomes.stream().filter((outcome) -> !outcome.ok()).count(), placed, replayed);

		assertThat(outcomes).filteredOn((outcome) -> !outcome.ok()).as("failed requests").isEmpty();
		assertThat(placed).isGreaterThan(10);
		String listing = "/api/orders?userId=" + user.userId() + "&page=0&size=1";
		// Read side may lag (replicas): wait for every order, then make sure there is no
		// more.
		await().atMost(Duration.ofSeconds(30)).until(() -> totalElements(user.get(listing)) >= placed);
		assertThat(totalElements(user.get(listing))).as("orders stored").isEqualTo(placed);
	}

	@Test
	@Order(3)
	void cutsCallsToASlowUserServiceInstanceAndKeepsOrderPlacementBounded() throws Exception {
		// Far above the 1 s time limit and the 2 s read timeout: without the limiter,
		// every check landing there would wait 2 s per attempt. Only the user lookups
		// are slow, so order-service's service-token requests are not.
		String slow = platform.addInstance("user-service", Map.of("SPRING_PROFILES_ACTIVE", "faults",
				"PLATFORM_FAULTS_INITIAL_LATENCY", "5s", "PLATFORM_FAULTS_INITIAL_PATHPATTERN", "/api/users/*"));
		try {
			double timeoutsBefore = orderServiceMetric("resilience4j_timelimiter_calls_total", "kind=\"timeout\"");
			// The load only measures once order-service's load balancers choose the slow
			// instance.
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> placeOrder(UUID.randomUUID().toString()).status() == 201
						&& orderServiceMetric("resilience4j_timelimiter_calls_total",
								"kind=\"timeout\"") > timeoutsBefore);
			double timeoutsAtStart = orderServiceMetric("resilience4j_timelimiter_calls_total", "kind=\"timeout\"");

			List<Outcome> outcomes;
			try (Load load = Load.start(() -> placeOrder(UUID.randomUUID().toString()), SLOW_LOAD_PERIOD)) {
				await().atMost(Duration.ofSeconds(60)).until(() -> load.outcomes().size() >= 100);
				outcomes = load.stop();
			}
			double timeouts = orderServiceMetric("resilience4j_timelimiter_calls_total", "kind=\"timeout\"")
					- timeoutsAtStart;
			List<Duration> latencies = outcomes.stream().map(Outcome::took).sorted().toList();
			Duration p50 = latencies.get(latencies.size() / 2);
			Duration p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
			long degraded = outcomes.stream().filter((outcome) -> "degraded".equals(outcome.userCheck())).count();
			System.out.printf(
					"Slow instance %s: %d orders, p50 %d ms, p99 %d ms, max %d ms, %.0f time-outs, %d degraded%n", slow,
					outcomes.size(), p50.toMillis(), p99.toMillis(), latencies.getLast().toMillis(), timeouts,
					degraded);

			assertThat(outcomes).filteredOn((outcome) -> outcome.status() != 201).as("failed orders").isEmpty();
			assertThat(timeouts).as("checks cut by the time limiter during the load").isPositive();
			// The worst a check can take: three attempts, each cut at 1 s by the time
			// limiter, and the backoffs between them at their longest (100 ms and 200 ms,
			// +50 % jitter: 150 ms + 300 ms), so 3.45 s before the projection answers;
			// the breaker does not open at a third of attempts failing (threshold 50 %).
			// A check whose first attempt meets the slow instance takes ~1.2 s. Plus 1 s
			// for gateway, token validation, the database and a busy 2-core machine.
			assertThat(p99).as("p99 of order placement").isLessThan(Duration.ofMillis(4450));
		}
		finally {
			platform.stop(slow);
		}
	}

	@Test
	@Order(4)
	void acceptsOrdersFromTheProjectionWhileUserServiceIsDownAndClosesTheBreakerOnceItIsBack() {
		List<String> userServices = platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("user-service") && platform.isHealthy(name))
			.toList();
		double openedBefore = orderServiceMetric("platform_circuitbreaker_transitions_total", "to=\"open\"");
		platform.stopAll(userServices);

		// Every order is accepted; once each order-service instance has seen enough
		// failed checks its breaker opens and checks fail fast.
		List<ApiResponse> answers = new CopyOnWriteArrayList<>();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			answers.add(placeOrder(UUID.randomUUID().toString()));
			return orderServiceInstances().stream().allMatch((instance) -> breakerState(instance, "open") == 1.0);
		});
		System.out.printf("User-service down: %d orders until every breaker opened%n", answers.size());
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
			assertThat(answer.header("X-User-Check")).isEqualTo("degraded");
		});
		assertThat(orderServiceMetric("platform_circuitbreaker_transitions_total", "to=\"open\""))
			.isGreaterThan(openedBefore);
		ApiResponse whileOpen = placeOrder(UUID.randomUUID().toString());
		assertThat(whileOpen.status()).as(whileOpen.toString()).isEqualTo(201);
		assertThat(whileOpen.header("X-User-Check")).isEqualTo("degraded");
		assertThat(orderServiceMetric("platform_user_check_degraded_total", "cause=\"circuit_open\"")).isPositive();

		platform.startAll(userServices);
		// Half-open after 10 s, then three successful trial calls close it.
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
			ApiResponse answer = placeOrder(UUID.randomUUID().toString());
			assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
			return orderServiceInstances().stream().allMatch((instance) -> breakerState(instance, "closed") == 1.0);
		});
		ApiResponse verified = placeOrder(UUID.randomUUID().toString());
		assertThat(verified.status()).as(verified.toString()).isEqualTo(201);
		assertThat(verified.header("X-User-Check")).isEqualTo("verified");
		assertThat(orderServiceMetric("platform_circuitbreaker_transitions_total", "to=\"closed\"")).isPositive();
	}

	@Test
	@Order(5)
	void placesExactlyOneOrderWhenTheAnswerIsLostAndTheClientRetriesWithTheSameKey() {
		ApiSession buyer = client.register("lost-answer");
		// Slow to answer orders, and not registered in discovery: only this test calls
		// it, on its own port. Its latency comes before the idempotency filter, so the
		// order is stored after the client gave up, or turned away by the key if the
		// retry came first: the client cannot tell which. As no caller finds it through
		// discovery, none has to drop it from a cache when it stops: no deregistration
		// delay (5 s at every stop).
		String slow = platform.addInstance("order-service",
				Map.of("SPRING_PROFILES_ACTIVE", "faults", "PLATFORM_FAULTS_INITIAL_LATENCY", "3s",
						"PLATFORM_FAULTS_INITIAL_PATHPATTERN", "/api/orders", "EUREKA_CLIENT_REGISTERWITHEUREKA",
						"false", "PLATFORM_SHUTDOWN_DEREGISTRATIONDELAY", "0s"));
		try {
			double suppressedBefore = suppressedDuplicates();
			String key = UUID.randomUUID().toString();
			String body = orderOf(buyer);
			ApiSession impatient = new PlatformClient(platform, Duration.ofSeconds(1)).anonymous()
				.withToken(buyer.token())
				.at(URI.create("https://localhost:" + platform.portOf(slow)));
			assertThatThrownBy(() -> impatient.post("/api/orders", body, "Idempotency-Key", key))
				.hasRootCauseInstanceOf(HttpTimeoutException.class);

			// The retry goes through the gateway to any instance: keys are shared.
			AtomicReference<ApiResponse> answer = new AtomicReference<>();
			List<Integer> statuses = new CopyOnWriteArrayList<>();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				ApiResponse retry = buyer.post("/api/orders", body, "Idempotency-Key", key);
				statuses.add(retry.status());
				answer.set(retry);
				return retry.status() != 409;
			});
			System.out.printf("Lost answer: retries answered %s, replayed: %s%n", statuses,
					answer.get().header("Idempotent-Replayed"));
			assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(201);
			assertThat(statuses).allMatch((status) -> status == 201 || status == 409);

			// Long enough for the abandoned request to finish on the slow instance too.
			String listing = "/api/orders?userId=" + buyer.userId() + "&page=0&size=1";
			await().atMost(Duration.ofSeconds(30)).until(() -> totalElements(buyer.get(listing)) >= 1);
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(30))
				.until(() -> totalElements(buyer.get(listing)) == 1);
			// The duplicate did arrive and the key stopped it, so the test bites.
			await().atMost(Duration.ofSeconds(30)).until(() -> suppressedDuplicates() > suppressedBefore);
		}
		finally {
			platform.stop(slow);
		}
	}

	// Issue 25. Orders are held up for a moment (their table locked, as by a slow
	// database) so that the instance is killed while it verifiably holds keys, at least
	// two: its claim session holds their locks. The gateway retries the killed requests
	// on the other instance, which takes their keys over; a client retries only what it
	// is told to, after its Retry-After.
	@Test
	@Order(6)
	void completesEveryKeyedOrderWhenAnOrderServiceInstanceIsKilledHoldingKeys() throws Exception {
		ApiSession buyer = client.register("killed-claims");
		List<String> instances = orderServiceInstances();
		assertThat(instances).hasSizeGreaterThanOrEqualTo(2);
		String victim = instances.get(0);
		List<String> survivors = instances.subList(1, instances.size());
		String claimSession = "idempotency-claims pid " + platform.processIds().get(victim);
		double takeoversBefore = takeovers(survivors);
		List<KeyedOrder> orders = new CopyOnWriteArrayList<>();
		int heldAtKill;
		Instant killed;
		List<Outcome> outcomes;
		try (Connection database = connect("order_service");
				Load load = Load.start(() -> placePatiently(buyer, orders), SLOW_LOAD_PERIOD)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> orders.size() >= 10);
			database.setAutoCommit(false);
			try (Statement statement = database.createStatement()) {
				statement.execute("lock table orders in exclusive mode");
			}
			heldAtKill = await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> keysHeldBy(database, claimSession), (held) -> held >= 2);
			platform.kill(victim);
			killed = Instant.now();
			database.rollback();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> orders.stream().filter((order) -> order.sent().isAfter(killed)).count() >= 50);
			outcomes = load.stop();
		}
		Duration longest = orders.stream().map(KeyedOrder::took).max(Duration::compareTo).orElseThrow();
		Duration longestWait = orders.stream().map(KeyedOrder::waited).max(Duration::compareTo).orElseThrow();
		List<KeyedOrder> toldToRetry = orders.stream().filter((order) -> order.statuses().size() > 1).toList();
		double takeovers = takeovers(survivors) - takeoversBefore;
		System.out.printf(
				"Killed %s holding %d keys: %.0f taken over; %d keyed orders, %d told to retry (answers %s);"
						+ " longest order %d ms, longest wait after a Retry-After %d ms%n",
				victim, heldAtKill, takeovers, orders.size(), toldToRetry.size(),
				toldToRetry.stream().map(KeyedOrder::statuses).toList(), longest.toMillis(), longestWait.toMillis());

		assertThat(outcomes).filteredOn((outcome) -> outcome.status() != 201).as("failed orders").isEmpty();
		assertThat(orders).hasSameSizeAs(outcomes).allSatisfy((order) -> {
			assertThat(order.last().status()).as(order.toString()).isEqualTo(201);
			assertThat(order.waited()).as(order.toString()).isLessThan(Duration.ofSeconds(5));
		});
		assertThat(takeovers).as("keys of the killed instance taken over").isPositive();
		assertThat(orders).extracting((order) -> order.last().id()).doesNotHaveDuplicates();
		String listing = "/api/orders?userId=" + buyer.userId() + "&page=0&size=1";
		await().atMost(Duration.ofSeconds(30)).until(() -> totalElements(buyer.get(listing)) >= orders.size());
		assertThat(totalElements(buyer.get(listing))).as("orders stored, one per key").isEqualTo(orders.size());

		platform.start(victim);
		awaitRoutable(victim, () -> buyer.get(listing));
	}

	// A client that honours Retry-After, for at most 5 s after it was first told to.
	private static ApiResponse placePatiently(ApiSession buyer, List<KeyedOrder> orders) {
		String key = UUID.randomUUID().toString();
		Instant sent = Instant.now();
		List<Integer> statuses = new ArrayList<>();
		ApiResponse response = buyer.post("/api/orders", orderOf(buyer), "Idempotency-Key", key);
		statuses.add(response.status());
		Instant toldToRetry = null;
		while (response.status() != 201 && !response.header("Retry-After").isEmpty()) {
			Instant now = Instant.now();
			toldToRetry = (toldToRetry != null) ? toldToRetry : now;
			Instant retryAt = now.plusSeconds(Long.parseLong(response.header("Retry-After").strip()));
			if (retryAt.isAfter(toldToRetry.plusSeconds(5))) {
				break;
			}
			LockSupport.parkNanos(Duration.between(now, retryAt).toNanos());
			response = buyer.post("/api/orders", orderOf(buyer), "Idempotency-Key", key);
			statuses.add(response.status());
		}
		Instant done = Instant.now();
		orders.add(new KeyedOrder(key, sent, List.copyOf(statuses), response, Duration.between(sent, done),
				(toldToRetry != null) ? Duration.between(toldToRetry, done) : Duration.ZERO));
		return response;
	}

	private static double takeovers(List<String> instances) {
		return instances.stream()
			.mapToDouble((instance) -> metric(instance, "platform_idempotency_takeovers_total", ""))
			.sum();
	}

	// The keys whose locks an instance's claim session holds (issue 25).
	private static int keysHeldBy(Connection database, String claimSession) throws SQLException {
		try (PreparedStatement statement = database
			.prepareStatement("select count(*) from pg_locks l" + " join pg_stat_activity a on a.pid = l.pid"
					+ " where l.locktype = 'advisory' and l.granted and a.application_name = ?")) {
			statement.setString(1, claimSession);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	private static Connection connect(String database) throws SQLException {
		// The embedded server trusts its superuser on loopback.
		return platform.infrastructure().postgres().connectAsSuperuser(database);
	}

	private static ApiResponse placeOrder(String idempotencyKey) {
		return user.post("/api/orders", orderOf(user), "Idempotency-Key", idempotencyKey);
	}

	private static String orderOf(ApiSession buyer) {
		return """
				{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}]}
				""".formatted(buyer.userId());
	}

	private static List<String> orderServiceInstances() {
		return platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("order-service") && platform.isHealthy(name))
			.toList();
	}

	// Requests an Idempotency-Key kept from running twice, on every order-service
	// instance.
	private static double suppressedDuplicates() {
		return orderServiceMetric("platform_idempotency_replays_total", "")
				+ orderServiceMetric("platform_idempotency_conflicts_total", "reason=\"in-progress\"");
	}

	private static double breakerState(String instance, String state) {
		return metric(instance, "resilience4j_circuitbreaker_state", "state=\"" + state + "\"");
	}

	// Summed over every running order-service instance.
	private static double orderServiceMetric(String name, String label) {
		return orderServiceInstances().stream().mapToDouble((instance) -> metric(instance, name, label)).sum();
	}

	// The sum of a metric's samples with the given label; Resilience4j's only about the
	// user-service guard.
	private static double metric(String instance, String name, String label) {
		URI management = URI.create("https://localhost:" + platform.managementPortOf(instance));
		ApiResponse response = client.anonymous().at(management).get("/actuator/prometheus");
		return response.body()
			.lines()
			.filter((line) -> line.startsWith(name + "{") && line.contains(label)
					&& (name.startsWith("platform_user_check") || name.startsWith("platform_idempotency")
							|| line.contains("name=\"user-service\"")))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private static long totalElements(ApiResponse response) {
		Matcher matcher = Pattern.compile("\"totalElements\"\\s*:\\s*(\\d+)").matcher(response.body());
		assertThat(matcher.find()).as(response.toString()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	// Stops, starts and awaits each instance before the next: the rolling restart of one
	// service.
	private static void restartOneByOne(List<String> instances, Supplier<ApiResponse> request) {
		for (String instance : instances) {
			platform.stop(instance);
			platform.start(instance);
			awaitRoutable(instance, request);
		}
	}

	// A restarted instance is healthy before callers' caches list it: wait until the
	// gateway routes to it, so the next stop leaves a routable instance behind.
	private static void awaitRoutable(String instance, Supplier<ApiResponse> request) {
		String servedBy = platform.servedByOf(instance);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> servedBy.equals(request.get().servedBy()));
	}

	/**
	 * One request's result.
	 *
	 * @param at when it was sent
	 * @param status the status, or 0 when no response came
	 * @param servedBy the answering instance
	 * @param replayed whether an idempotency key replayed an earlier response
	 * @param error what went wrong without a response
	 * @param took how long until the answer or the failure
	 * @param userCheck order-service's {@code X-User-Check}, if any
	 */
	record Outcome(Instant at, int status, String servedBy, boolean replayed, String error, Duration took,
			String userCheck) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

	/**
	 * One keyed order as a patient client placed it.
	 *
	 * @param key its Idempotency-Key
	 * @param sent when it was first sent
	 * @param statuses the answer to each attempt
	 * @param last the final answer
	 * @param took from the first attempt to the final answer
	 * @param waited from the first answer with a Retry-After to the final answer
	 */
	record KeyedOrder(String key, Instant sent, List<Integer> statuses, ApiResponse last, Duration took,
			Duration waited) {

	}

	/** Requests at a steady rate, each on its own virtual thread, until stopped. */
	static final class Load implements AutoCloseable {

		private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

		private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

		private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

		static Load start(Supplier<ApiResponse> request) {
			return start(request, LOAD_PERIOD);
		}

		static Load start(Supplier<ApiResponse> request, Duration period) {
			Load load = new Load();
			load.ticker.scheduleAtFixedRate(() -> load.senders.submit(() -> load.send(request)), 0, period.toMillis(),
					TimeUnit.MILLISECONDS);
			return load;
		}

		List<Outcome> outcomes() {
			return this.outcomes;
		}

		private void send(Supplier<ApiResponse> request) {
			Instant at = Instant.now();
			try {
				ApiResponse response = request.get();
				this.outcomes.add(new Outcome(at, response.status(), response.servedBy(),
						"true".equals(response.header("Idempotent-Replayed")),
						(response.status() >= 300) ? response.body() : null, Duration.between(at, Instant.now()),
						response.header("X-User-Check")));
			}
			catch (RuntimeException ex) {
				this.outcomes
					.add(new Outcome(at, 0, null, false, ex.toString(), Duration.between(at, Instant.now()), null));
			}
		}

		// Stops sending and waits for the requests in flight.
		List<Outcome> stop() throws InterruptedException {
			this.ticker.shutdownNow();
			this.senders.shutdown();
			assertThat(this.senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
			return List.copyOf(this.outcomes);
		}

		@Override
		public void close() throws InterruptedException {
			if (!this.ticker.isShutdown()) {
				stop();
			}
		}

	}

	/**
	 * Reads the gateway's {@code platform_gateway_retries_total} every 50 ms and
	 * remembers when it last grew: the last time a request had to be retried because an
	 * instance failed it.
	 */
	static final class RetryWatch implements AutoCloseable {

		private static final Pattern SAMPLE = Pattern.compile("(?m)^platform_gateway_retries_total\\{[^}]*} (\\S+)$");

		private final HttpClient http;

		private final URI metrics;

		private final AtomicReference<Instant> last = new AtomicReference<>();

		private final double initial;

		private volatile double current;

		private volatile boolean running = true;

		private final Thread poller;

		private RetryWatch(URI managementUri, SSLContext tls) {
			// The operator's certificate: the management port takes no caller without
			// one.
			this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
			this.metrics = managementUri.resolve("/actuator/prometheus");
			this.initial = read();
			this.current = this.initial;
			this.poller = Thread.ofVirtual().start(this::poll);
		}

		static RetryWatch start(LocalPlatform platform) {
			return new RetryWatch(platform.gatewayManagementUri(), platform.sslContext());
		}

		java.util.Optional<Instant> lastIncrease() {
			return java.util.Optional.ofNullable(this.last.get());
		}

		double increase() {
			return this.current - this.initial;
		}

		private void poll() {
			while (this.running) {
				double value = read();
				if (value > this.current) {
					this.current = value;
					this.last.set(Instant.now());
				}
				LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
			}
		}

		private double read() {
			try {
				String body = this.http
					.send(HttpRequest.newBuilder(this.metrics).timeout(Duration.ofSeconds(5)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body();
				return SAMPLE.matcher(body).results().mapToDouble((match) -> Double.parseDouble(match.group(1))).sum();
			}
			catch (IOException ex) {
				return this.current;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return this.current;
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.poller.join();
		}

	}

}
