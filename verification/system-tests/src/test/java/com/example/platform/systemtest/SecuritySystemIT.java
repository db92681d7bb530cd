package com.example.platform.systemtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.example.platform.local.ApiResponse;
import com.sun.net.httpserver.HttpServer;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.local.SigningKey;
import com.example.platform.local.PlatformClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static com.example.platform.systemtest.EntryPoint.ORDER_SERVICE;
import static com.example.platform.systemtest.EntryPoint.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the whole platform, through the gateway and straight at a service instance's
 * own port: a request that bypasses the gateway must get no more than one through it.
 * Tokens are forged with the platform's real signing key, so each attack is wrong in
 * exactly one way ({@link PlatformTokens}), and
 * {@link #acceptsAForgedTokenThatIsRightInEveryWay} proves the forge itself is right.
 * Rotating the signing key is {@link KeyRotationSystemIT}'s.
 */
@SharedPlatform(SharedPlatform.Kind.STEADY)
@Order(2)
class SecuritySystemIT {

	/** Above the 64KB request limit of the gateway and of every service. */
	private static final int OVERSIZED = 100 * 1024;

	private static final List<String> INJECTIONS = List.of("' OR '1'='1", "x'); DROP TABLE users;--",
			"\"; DROP TABLE orders; --", "1; SELECT pg_sleep(5)--", "admin@platform.local' --", "{\"$gt\":\"\"}");

	private static final Set<String> EXPOSED_ENDPOINTS = Set.of("self", "health", "health-path", "info", "prometheus");

	// With the operator's certificate: every port but the gateway's public one requires
	// one (mutual TLS).
	private static HttpClient http;

	static LocalPlatform platform;

	static PlatformClient client;

	static ApiSession admin;

	static ApiSession alice;

	static ApiSession bob;

	static String bobsOrder;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		http = HttpClient.newBuilder().sslContext(shared.sslContext()).build();
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
		admin = client.admin();
		alice = client.register("alice");
		bob = client.register("bob");
		ApiResponse order = bob.post("/api/orders", order(bob.userId()));
		assertThat(order.status()).as(order.body()).isEqualTo(201);
		bobsOrder = order.id();
		// The order event changes bob's record; let it settle before data is compared.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> bob.get("/api/users/" + bob.userId()).body().contains("\"orderCount\":1"));
	}

	/**
	 * Each bad token once, the entry points taken in turn so that each meets two or three
	 * of them: the full matrix, every token at the gateway and at the services' shared
	 * filter chain, is proven closer to the code (gateway's
	 * {@code BearerTokenProblemsTests} and {@code GatewaySecurityIT}, security-support's
	 * {@code SecurityFilterChainTests}, order-service's {@code OrderSecurityIT}). Here it
	 * is the real signing key, issuer and audience each entry point is configured with
	 * that turn these tokens away.
	 */
	static Stream<Arguments> badTokensAtEachEntryPoint() {
		List<String> attacks = List.of("no token", "not a JWT", "expired", "wrong signature", "alg none", "HS256",
				"wrong issuer", "wrong audience", "tampered claims");
		EntryPoint[] entries = EntryPoint.values();
		return IntStream.range(0, attacks.size())
			.mapToObj((i) -> Arguments.of(attacks.get(i), entries[i % entries.length]));
	}

	@ParameterizedTest(name = "{1}")
	@EnumSource(EntryPoint.class)
	void acceptsAForgedTokenThatIsRightInEveryWay(EntryPoint entry) {
		ApiResponse response = entry.read(alice.withToken(PlatformTokens.of(platform, alice.userId(), "USER").sign()),
				alice.userId());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0} via {1} -> 401")
	@MethodSource("badTokensAtEachEntryPoint")
	void rejectsEveryBadTokenWith401(String attack, EntryPoint entry) {
		String id = alice.userId();
		ApiSession attacker = switch (attack) {
			case "no token" -> client.anonymous();
			case "not a JWT" -> alice.withToken("not-a-jwt");
			case "expired" -> alice.withToken(PlatformTokens.of(platform, id, "USER").expired().sign());
			case "wrong signature" ->
				alice.withToken(ForgedTokens.signedByImpostor(PlatformTokens.of(platform, id, "USER")));
			case "alg none" -> alice.withToken(ForgedTokens.unsigned(PlatformTokens.of(platform, id, "USER")));
			case "HS256" ->
				alice.withToken(ForgedTokens.hmacSignedWithPublicKey(PlatformTokens.of(platform, id, "USER")));
			case "wrong issuer" ->
				alice.withToken(PlatformTokens.of(platform, id, "USER").issuer("https://attacker.example.com").sign());
			case "wrong audience" ->
				alice.withToken(PlatformTokens.of(platform, id, "USER").audience("some-other-api").sign());
			case "tampered claims" -> alice.withToken(
					ForgedTokens.payloadSwappedInto(PlatformTokens.of(platform, id, "USER", "ADMIN"), alice.token()));
			default -> throw new IllegalArgumentException(attack);
		};

		ApiResponse response = entry.read(attacker, alice.userId());

		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.body()).doesNotContain(alice.email()).doesNotContain("Exception");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("entryPoints")
	void hidesAnotherUsersRecordAndOrdersAsIfTheyDidNotExist(String entry) {
		ApiSession mallory = (entry.equals("gateway")) ? alice : alice.direct(entry);
		List<String> answers = new ArrayList<>();
		if (!entry.equals(ORDER_SERVICE)) {
			expect(answers, mallory.get("/api/users/" + bob.userId()), 404, "read bob");
			expect(answers, mallory.put("/api/users/" + bob.userId(), """
					{"email":"%s","name":"Mallory","version":0}
					""".formatted("mallory-" + UUID.randomUUID() + "@example.com")), 404, "change bob");
			expect(answers, mallory.delete("/api/users/" + bob.userId()), 404, "delete bob");
			expect(answers, mallory.get("/api/users?page=0&size=100"), 403, "list users");
		}
		if (!entry.equals(USER_SERVICE)) {
			expect(answers, mallory.get("/api/orders/" + bobsOrder), 404, "read bob's order");
			expect(answers, mallory.post("/api/orders/" + bobsOrder + "/cancel", ""), 404, "cancel bob's order");
			expect(answers, mallory.get("/api/orders?userId=" + bob.userId()), 403, "list bob's orders");
			expect(answers, mallory.post("/api/orders", order(bob.userId())), 403, "order for bob");
		}
		assertThat(answers).as("answers other than expected").isEmpty();

		ApiResponse bobNow = bob.get("/api/users/" + bob.userId());
		assertThat(bobNow.status()).isEqualTo(200);
		assertThat(bobNow.body()).contains(bob.email()).doesNotContain("Mallory");
		assertThat(bob.get("/api/orders/" + bobsOrder).body()).contains("\"status\":\"PLACED\"");
	}

	static Stream<String> entryPoints() {
		return Stream.of("gateway", USER_SERVICE, ORDER_SERVICE);
	}

	@Test
	void letsTheAdministratorSeeEverything() {
		assertThat(admin.get("/api/users/" + bob.userId()).status()).isEqualTo(200);
		assertThat(admin.get("/api/users?page=0&size=5").status()).isEqualTo(200);
		assertThat(admin.get("/api/orders?userId=" + bob.userId()).body()).contains(bobsOrder);
		assertThat(admin.direct(ORDER_SERVICE).get("/api/orders/" + bobsOrder).status()).isEqualTo(200);
	}

	@Test
	void rateLimitsTokenRequestsPerClientAddressAtTheGateway() {
		List<Integer> statuses = new ArrayList<>();
		ApiResponse limited = null;
		// Different unknown emails: only the per-address limit (burst 20) can answer 429.
		// Ten at a time: one after another, on a busy machine each answer can take as
		// long as the bucket needs to refill (5/s), and the limit is never reached.
		for (int wave = 0; wave < 10 && limited == null; wave++) {
			List<ApiResponse> answers;
			try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
				int first = wave * 10;
				answers = IntStream.range(first, first + 10)
					.mapToObj((i) -> executor.submit(() -> client.requestToken(platform.gatewayUri(),
							"nobody-" + UUID.randomUUID() + "@example.com", "guess-" + i)))
					.toList()
					.stream()
					.map(SecuritySystemIT::join)
					.toList();
			}
			for (ApiResponse response : answers) {
				statuses.add(response.status());
				if (response.status() == 429 && limited == null) {
					limited = response;
				}
			}
		}
		System.out.printf("Token requests from one address until the gateway limited them: %d%n", statuses.size());
		assertThat(limited).as("a 429 among %s", statuses).isNotNull();
		assertThat(statuses).allMatch((status) -> status == 401 || status == 429);
		assertThat(limited.contentType()).isEqualTo("application/problem+json");
		assertThat(limited.header("Retry-After")).isNotBlank();
		// The bucket refills (5 per second): a legitimate login succeeds again shortly.
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> client.requestToken(platform.gatewayUri(), bob.email(), bob.password()).status() == 200);
	}

	@Test
	void throttlesLoginsForAnEmailAfterRepeatedFailuresOnEveryInstance() {
		ApiSession carol = client.register("carol");
		URI userService = URI.create("https://localhost:" + platform.portOf(USER_SERVICE));
		List<Integer> statuses = new ArrayList<>();
		// Straight at one instance. Five attempts, then each next one waits a delay
		// (5 s first) that the previous one started.
		for (int i = 0; i < 8 && !statuses.contains(429); i++) {
			String wrong = "wrong-password-" + i;
			// The per-address limit of the token endpoint (every request of this class
			// comes from 127.0.0.1, the previous test's flood through the gateway too)
			// answers before the login is tried, so it counts no failure: try again.
			ApiResponse attempt = await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> client.requestToken(userService, carol.email(), wrong),
						(response) -> !response.body().contains("Too many requests to this endpoint"));
			statuses.add(attempt.status());
		}
		assertThat(statuses).startsWith(401, 401, 401, 401, 401, 401).endsWith(429);

		// Counted in Redis per email and address (everything here is 127.0.0.1): during
		// the delay the right password waits too, on the other instance and through
		// the gateway.
		URI otherInstance = URI.create("https://localhost:" + platform.portOf("user-service-2"));
		for (URI base : List.of(otherInstance, platform.gatewayUri())) {
			ApiResponse right = client.requestToken(base, carol.email(), carol.password());
			assertThat(right.status()).as(base + ": " + right.body()).isEqualTo(429);
			assertThat(right.header("Retry-After")).isNotBlank();
			assertThat(right.body()).doesNotContain("access_token");
		}
		// Never a lock: once the delay has passed the right password logs in.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> client.requestToken(platform.gatewayUri(), carol.email(), carol.password()).status() == 200);
	}

	@Test
	void rejectsInjectionInEveryFieldAndParameterAndLeavesTheDataIntact() throws SQLException {
		ApiSession victim = client.register("victim");
		String before = settledDigest();
		List<String> unexpected = new ArrayList<>();
		for (String entry : List.of("gateway", "direct")) {
			ApiSession anonymous = entry.equals("gateway") ? client.anonymous()
					: client.anonymous().direct(USER_SERVICE);
			ApiSession users = entry.equals("gateway") ? alice : alice.direct(USER_SERVICE);
			ApiSession orders = entry.equals("gateway") ? alice : alice.direct(ORDER_SERVICE);
			ApiSession administrator = entry.equals("gateway") ? admin : admin.direct(USER_SERVICE);
			URI tokens = entry.equals("gateway") ? platform.gatewayUri()
					: URI.create("https://localhost:" + platform.portOf(USER_SERVICE));
			for (String injection : INJECTIONS) {
				String s = PlatformClient.json(injection);
				String p = URLEncoder.encode(injection, StandardCharsets.UTF_8).replace("+", "%20");
				String label = entry + " [" + injection + "] ";
				String password = "long-enough-" + UUID.randomUUID();
				expect4xx(unexpected, label + "register email", anonymous.post("/api/users", """
						{"email":%s,"name":"Eve","password":"%s"}""".formatted(s, password)));
				expect4xx(unexpected, label + "register name", anonymous.post("/api/users", """
						{"email":"eve-%s@example.com","name":%s,"password":"%s"}""".formatted(UUID.randomUUID(), s,
						password)));
				expect4xx(unexpected, label + "change email", users.put("/api/users/" + alice.userId(), """
						{"email":%s,"name":"Alice","version":0}""".formatted(s)));
				expect4xx(unexpected, label + "change name", users.put("/api/users/" + alice.userId(), """
						{"email":"%s","name":%s,"version":0}""".formatted(alice.email(), s)));
				expect4xx(unexpected, label + "order userId", orders.post("/api/orders", """
						{"userId":%s,"items":[{"sku":"BOOK-1","quantity":1}]}""".formatted(s)));
				expect4xx(unexpected, label + "order sku", orders.post("/api/orders", """
						{"userId":"%s","items":[{"sku":%s,"quantity":1}]}""".formatted(alice.userId(), s)));
				expect4xx(unexpected, label + "order quantity", orders.post("/api/orders", """
						{"userId":"%s","items":[{"sku":"BOOK-1","quantity":%s}]}""".formatted(alice.userId(), s)));
				expect4xx(unexpected, label + "order unitPrice", orders.post("/api/orders", """
						{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1,"unitPrice":%s}]}"""
					.formatted(alice.userId(), s)));
				expect4xx(unexpected, label + "token email", client.requestToken(tokens, injection, victim.password()));
				expect4xx(unexpected, label + "token password", client.requestToken(tokens, victim.email(), injection));
				expect4xx(unexpected, label + "user id in path", users.get("/api/users/" + p));
				expect4xx(unexpected, label + "user id in PUT path", users.put("/api/users/" + p, """
						{"email":"%s","name":"Alice","version":0}""".formatted(alice.email())));
				expect4xx(unexpected, label + "user id in DELETE path", users.delete("/api/users/" + p));
				expect4xx(unexpected, label + "order id in path", orders.get("/api/orders/" + p));
				expect4xx(unexpected, label + "order id in cancel path",
						orders.post("/api/orders/" + p + "/cancel", ""));
				expect4xx(unexpected, label + "userId query", orders.get("/api/orders?userId=" + p));
				expect4xx(unexpected, label + "page query", orders.get("/api/orders?page=" + p));
				expect4xx(unexpected, label + "size query", administrator.get("/api/users?page=0&size=" + p));
			}
			// JSON that tries to smuggle more than strings.
			String password = "long-enough-" + UUID.randomUUID();
			expect4xx(unexpected, entry + " register with roles", anonymous.post("/api/users", """
					{"email":"eve-%s@example.com","name":"Eve","password":"%s","roles":["ADMIN"]}"""
				.formatted(UUID.randomUUID(), password)));
			expect4xx(unexpected, entry + " order for bob behind a duplicate key", orders.post("/api/orders", """
					{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}],"userId":"%s"}""".formatted(alice.userId(),
					bob.userId())));
			expect4xx(unexpected, entry + " deeply nested JSON",
					anonymous.post("/api/users", "{\"email\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
			expect4xx(unexpected, entry + " password as an object", anonymous.post("/api/users", """
					{"email":"eve-%s@example.com","name":"Eve","password":{"$ne":null}}"""
				.formatted(UUID.randomUUID())));
		}
		assertThat(unexpected).as("injections answered other than 4xx").isEmpty();
		assertThat(digest()).as("users, orders and order items").isEqualTo(before);

		// A password may hold anything: stored as a hash, it logs in as itself only.
		ApiSession quoted = register("quoted", "x'); DROP TABLE users;--");
		assertThat(quoted.get("/api/users/" + quoted.userId()).status()).isEqualTo(200);
		assertThat(client.requestToken(platform.gatewayUri(), bob.email(), "' OR '1'='1").status()).isEqualTo(401);
	}

	@Test
	void refusesOversizedBodiesWith413ThroughTheGatewayAndDirectly() {
		String oversized = registration("A".repeat(OVERSIZED));
		List<String> unexpected = new ArrayList<>();
		expect(unexpected, client.anonymous().post("/api/users", oversized), 413, "gateway, Content-Length");
		expect(unexpected, client.anonymous().direct(USER_SERVICE).post("/api/users", oversized), 413,
				"user-service, Content-Length");
		expect(unexpected, alice.direct(ORDER_SERVICE).post("/api/orders", oversized), 413,
				"order-service, Content-Length");
		expect(unexpected, chunked(platform.gatewayUri(), oversized), 413, "gateway, chunked");
		expect(unexpected, chunked(URI.create("https://localhost:" + platform.portOf(USER_SERVICE)), oversized), 413,
				"user-service, chunked");
		assertThat(unexpected).as("answers other than 413").isEmpty();

		// Below the limit the body is read, and judged on its content.
		ApiResponse large = client.anonymous().post("/api/users", registration("A".repeat(32 * 1024)));
		assertThat(large.status()).as(large.body()).isEqualTo(400);
	}

	@Test
	void letsOnlyTheAdministratorReplayDeadLetters() {
		String gatewayReplay = "/api/admin/order-service/dead-letters/replay?topic=user-events";
		String directReplay = "/api/admin/dead-letters/replay?topic=user-events";
		assertThat(client.anonymous().post(gatewayReplay, "").status()).isEqualTo(401);
		assertThat(alice.post(gatewayReplay, "").status()).isEqualTo(403);
		assertThat(alice.direct(ORDER_SERVICE).post(directReplay, "").status()).isEqualTo(403);
		assertThat(client.anonymous().direct(ORDER_SERVICE).post(directReplay, "").status()).isEqualTo(401);
		assertThat(alice.post("/api/admin/user-service/dead-letters/replay?topic=order-events", "").status())
			.isEqualTo(403);

		publishPoisonRecord("user-events");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			ApiResponse replay = admin.post(gatewayReplay, "");
			assertThat(replay.status()).as(replay.body()).isEqualTo(200);
			assertThat(replay.body()).contains("\"deadLetterTopic\":\"user-events.DLT\"")
				.doesNotContain("\"replayed\":0");
		});
		ApiResponse direct = admin.direct(ORDER_SERVICE).post(directReplay, "");
		assertThat(direct.status()).as(direct.body()).isEqualTo(200);
		ApiResponse users = admin.post("/api/admin/user-service/dead-letters/replay?topic=order-events", "");
		assertThat(users.status()).as(users.body()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serviceInstances")
	void servesTheActuatorOnlyOnTheManagementPortWithHealthInfoAndPrometheusOnly(String instance) {
		ApiSession traffic = admin.direct(instance);
		ApiSession management = client.anonymous()
			.at(URI.create("https://localhost:" + platform.managementPortOf(instance)));
		for (String endpoint : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/env")) {
			assertThat(traffic.get(endpoint).status()).as("traffic port " + endpoint).isIn(401, 403, 404);
		}
		ApiResponse health = management.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
		assertThat(management.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
		assertThat(management.get("/actuator/info").status()).isEqualTo(200);
		for (String endpoint : List.of("env", "beans", "configprops", "heapdump", "threaddump", "loggers", "mappings",
				"metrics", "shutdown", "refresh", "gateway")) {
			assertThat(management.get("/actuator/" + endpoint).status()).as(endpoint).isIn(401, 403, 404, 405);
		}
		assertThat(links(management.get("/actuator").body())).isSubsetOf(EXPOSED_ENDPOINTS);
	}

	private static <T> T join(Future<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	static Stream<String> serviceInstances() {
		return Stream.of(USER_SERVICE, ORDER_SERVICE);
	}

	@Test
	void neverRoutesToAnActuatorAndKeepsTheGatewaysOwnSmall() {
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/gateway/routes", "/actuator/env")) {
			assertThat(admin.get(path).status()).as("gateway traffic port " + path).isIn(401, 403, 404);
		}
		ApiSession management = client.anonymous().at(platform.gatewayManagementUri());
		assertThat(management.get("/actuator/health").status()).isEqualTo(200);
		assertThat(management.get("/actuator/gateway/routes").status()).isEqualTo(404);
		assertThat(links(management.get("/actuator").body())).isSubsetOf(EXPOSED_ENDPOINTS);
	}

	@Test
	void setsSecurityHeadersThroughTheGatewayAndDirectly() {
		for (ApiResponse response : List.of(alice.get("/api/users/" + alice.userId()),
				alice.direct(USER_SERVICE).get("/api/users/" + alice.userId()),
				alice.direct(ORDER_SERVICE).get("/api/orders"), client.anonymous().get("/api/users"))) {
			assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(response.header("Content-Security-Policy")).contains("default-src 'none'")
				.contains("frame-ancestors 'none'");
			assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		}
	}

	@Test
	void answersCorsPreflightsOnlyForTheConfiguredOrigin() {
		String[] preflight = { "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
				"authorization,content-type" };
		ApiResponse allowed = client.anonymous()
			.send("OPTIONS", "/api/orders", null, concat(preflight, "Origin", "http://localhost:3000"));
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
		ApiResponse foreign = client.anonymous()
			.send("OPTIONS", "/api/orders", null, concat(preflight, "Origin", "https://evil.example.com"));
		assertThat(foreign.status()).isEqualTo(403);
		assertThat(foreign.header("Access-Control-Allow-Origin")).isEmpty();
	}

	/**
	 * Issue 18's first attack: a listener of the attacker's registers as user-service.
	 * The registry refuses it without credentials and with wrong ones (a real secret of
	 * the platform among them), and no request, with its token, reaches the listener.
	 */
	@Test
	void refusesARogueInstanceWithoutOrWithWrongRegistryCredentialsAndSendsItNothing() throws Exception {
		AtomicInteger rogueRequests = new AtomicInteger();
		HttpServer rogue = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		rogue.createContext("/", (exchange) -> {
			rogueRequests.incrementAndGet();
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		rogue.start();
		try {
			String registration = rogueRegistration(rogue.getAddress().getPort());
			URI apps = URI.create(platform.discoveryUri() + "/eureka/apps/USER-SERVICE");
			for (String credentials : java.util.Arrays.asList(null, "eureka:wrong-password", "eureka:",
					"order-service:" + alice.token().substring(0, 24),
					"admin@platform.local:" + platform.adminCredentials().password())) {
				HttpRequest.Builder request = HttpRequest.newBuilder(apps)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(registration));
				if (credentials != null) {
					request.header("Authorization", "Basic "
							+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
				}
				HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as("registration with " + credentials).isEqualTo(401);
				assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			}
			HttpResponse<String> anonymousFetch = http.send(
					HttpRequest.newBuilder(URI.create(platform.discoveryUri() + "/eureka/apps")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(anonymousFetch.statusCode()).isEqualTo(401);

			Set<String> servedBy = new TreeSet<>();
			for (int i = 0; i < 12; i++) {
				ApiResponse read = alice.get("/api/users/" + alice.userId());
				assertThat(read.status()).as(read.body()).isEqualTo(200);
				servedBy.add(read.header("X-Served-By"));
			}
			assertThat(servedBy).isSubsetOf(platform.instancesOf("user-service"));
			assertThat(rogueRequests).hasValue(0);
		}
		finally {
			rogue.stop(0);
		}
	}

	/**
	 * Issue 18's key poisoning: tokens naming made-up key ids make validators fetch the
	 * key set. They are 401s, never 5xx; they cost at most one fetch per interval at each
	 * validator (counted at user-service, which serves the key set); and a token signed
	 * by a key user-service does not publish stays refused everywhere after the flood.
	 */
	@Test
	void refusesATokenSignedByAnUnpublishedKeyEverywhereEvenAfterAnUnknownKeyIdFlood() {
		double fetchesBefore = keySetFetches();
		long started = System.nanoTime();
		List<String> unexpected = new ArrayList<>();
		SigningKey unpublished = SigningKey.generate("unpublished");
		for (int i = 0; i < 30; i++) {
			String junk = PlatformTokens
				.signedWith(platform, new SigningKey("junk-" + i, unpublished.privateKey()), alice.userId(), "ADMIN")
				.sign();
			for (EntryPoint entry : EntryPoint.values()) {
				ApiResponse response = entry.read(alice.withToken(junk), alice.userId());
				if (response.status() != 401) {
					unexpected.add(entry + ": " + response);
				}
			}
		}
		Duration flood = Duration.ofNanos(System.nanoTime() - started);
		assertThat(unexpected).isEmpty();

		String rogue = PlatformTokens
			.signedWith(platform, SigningKey.generate("rogue-" + UUID.randomUUID()), alice.userId(), "ADMIN")
			.sign();
		for (EntryPoint entry : EntryPoint.values()) {
			ApiResponse response = entry.read(alice.withToken(rogue), alice.userId());
			assertThat(response.status()).as(entry + ": " + response.body()).isEqualTo(401);
		}
		ApiResponse everyonesOrders = alice.withToken(rogue).get("/api/admin/orders");
		assertThat(everyonesOrders.status()).as(everyonesOrders.body()).isEqualTo(401);

		// The gateway and each order-service instance validate with fetched keys: each
		// may fetch once per started 10 s interval (platform.security's default).
		int validators = 1
				+ (int) platform.instanceNames().stream().filter((name) -> name.startsWith("order-service")).count();
		long intervals = 1 + flood.toSeconds() / 10;
		double fetches = keySetFetches() - fetchesBefore;
		System.out.printf("Unknown key id flood: %d tokens x %d entry points in %d ms cost %.0f key set fetches%n", 30,
				EntryPoint.values().length, flood.toMillis(), fetches);
		assertThat(fetches).isLessThanOrEqualTo(validators * intervals);
		ApiResponse stillFine = alice.get("/api/users/" + alice.userId());
		assertThat(stillFine.status()).as(stillFine.body()).isEqualTo(200);
	}

	/** How many times user-service's instances served the key set, from their metrics. */
	private static double keySetFetches() {
		double total = 0;
		Pattern served = Pattern
			.compile("http_server_requests_seconds_count\\{[^}]*uri=\"/\\.well-known/jwks\\.json\"[^}]*} ([0-9.eE+]+)");
		for (String instance : platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("user-service"))
			.toList()) {
			String metrics = client.anonymous()
				.at(URI.create("https://localhost:" + platform.managementPortOf(instance)))
				.get("/actuator/prometheus")
				.body();
			Matcher matcher = served.matcher(metrics);
			while (matcher.find()) {
				total += Double.parseDouble(matcher.group(1));
			}
		}
		return total;
	}

	private static String rogueRegistration(int port) {
		return """
				{"instance": {
				  "instanceId": "rogue:%1$d",
				  "hostName": "localhost",
				  "app": "USER-SERVICE",
				  "ipAddr": "127.0.0.1",
				  "status": "UP",
				  "port": {"$": %1$d, "@enabled": "true"},
				  "dataCenterInfo": {
				    "@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",
				    "name": "MyOwn"
				  }
				}}
				""".formatted(port);
	}

	private static void expect(List<String> unexpected, ApiResponse response, int status, String what) {
		if (response.status() != status) {
			unexpected.add(what + ": " + response);
		}
	}

	private static void expect4xx(List<String> unexpected, String what, ApiResponse response) {
		if (response.status() < 400 || response.status() >= 500 || response.body().contains("access_token")) {
			unexpected.add(what + ": " + response);
		}
	}

	/**
	 * The digest once it holds still: on the shared platform, an event of an earlier
	 * class's order (user-service's orderCount) may still be on its way.
	 */
	private static String settledDigest() {
		AtomicReference<String> previous = new AtomicReference<>("");
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			String now = digest();
			return now.equals(previous.getAndSet(now)) ? now : null;
		}, Objects::nonNull);
	}

	/** Every row of the tables an injection could reach, as one checksum. */
	private static String digest() throws SQLException {
		StringBuilder digest = new StringBuilder();
		for (String[] table : List.of(new String[] { "user_service", "users" },
				new String[] { "order_service", "orders" }, new String[] { "order_service", "order_items" })) {
			try (Connection connection = platform.infrastructure().postgres().connectAsSuperuser(table[0]);
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select count(*), md5(coalesce(string_agg(t::text, '|' "
							+ "order by t::text), '')) from " + table[1] + " t")) {
				result.next();
				digest.append(table[1]).append(' ').append(result.getLong(1)).append(' ').append(result.getString(2));
				digest.append('\n');
			}
		}
		return digest.toString();
	}

	private static ApiSession register(String prefix, String password) {
		String email = prefix + "-" + UUID.randomUUID() + "@example.com";
		ApiResponse response = client.anonymous().post("/api/users", """
				{"email":"%s","name":"Quoted","password":%s}""".formatted(email, PlatformClient.json(password)));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return client.login(email, password, "X-Consistency-Token", response.header("X-Consistency-Token"));
	}

	private static String registration(String name) {
		return """
				{"email":"big-%s@example.com","name":"%s","password":"long-enough-password-1"}"""
			.formatted(UUID.randomUUID(), name);
	}

	private static String order(String userId) {
		return """
				{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}]}""".formatted(userId);
	}

	/** Without Content-Length: the size is only known as the body streams in. */
	private static ApiResponse chunked(URI base, String body) {
		HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/users"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new ApiResponse(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Set<String> links(String actuatorIndex) {
		Set<String> links = new TreeSet<>();
		Matcher matcher = Pattern.compile("\"([a-zA-Z0-9-]+)\"\\s*:\\s*\\{\\s*\"href\"").matcher(actuatorIndex);
		while (matcher.find()) {
			links.add(matcher.group(1));
		}
		return links;
	}

	private static String[] concat(String[] headers, String... more) {
		return Stream.concat(Stream.of(headers), Stream.of(more)).toArray(String[]::new);
	}

	private static void publishPoisonRecord(String topic) {
		Map<String, Object> config = platform.infrastructure()
			.kafka()
			.clientConfig(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), "not an event")).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish a poison record", ex);
		}
	}

}
