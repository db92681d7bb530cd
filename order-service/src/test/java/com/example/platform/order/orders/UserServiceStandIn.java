package com.example.platform.order.orders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestTokens;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Just enough of user-service for order-service: its signing keys
 * ({@link TestTokens#jwks()}), a client-credentials token endpoint that checks
 * order-service's credentials, and the existence check, which answers only to a token it
 * issued: 200 for users it was told about, 404 for everything else. Can be stopped and
 * started again on the same port to play an outage.
 */
final class UserServiceStandIn {

	static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

	static final String CLIENT_ID = "order-service";

	private static final String CLIENT_SECRET = "stand-in-client-secret";

	private static final long TOKEN_LIFETIME_SECONDS = 900;

	// Shared, as instances of one user-service share their signing key: a token one
	// stand-in issued is good at the others.
	private static final Set<String> validTokens = ConcurrentHashMap.newKeySet();

	private final Set<UUID> knownUsers = ConcurrentHashMap.newKeySet();

	private final Set<UUID> slowUsers = ConcurrentHashMap.newKeySet();

	private final Set<UUID> failingUsers = ConcurrentHashMap.newKeySet();

	private final Set<UUID> refusingUsers = ConcurrentHashMap.newKeySet();

	private final AtomicInteger tokensIssued = new AtomicInteger();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final Map<String, String> traceparents = new ConcurrentHashMap<>();

	private final Map<String, String> authorizations = new ConcurrentHashMap<>();

	private final HttpStandIn server;

	private UserServiceStandIn() {
		this.server = HttpStandIn.start(this::answer);
	}

	static UserServiceStandIn start() {
		return new UserServiceStandIn();
	}

	URI uri() {
		return this.server.uri();
	}

	/**
	 * Points order-service at this stand-in, as the load balancer's only user-service
	 * instance, with the client secret it expects.
	 */
	void register(DynamicPropertyRegistry registry) {
		register(registry, this);
	}

	/**
	 * Points order-service at these stand-ins, in this order, as the load balancer's
	 * user-service instances.
	 */
	static void register(DynamicPropertyRegistry registry, UserServiceStandIn... instances) {
		for (int i = 0; i < instances.length; i++) {
			registry.add("spring.cloud.discovery.client.simple.instances.user-service[%d].uri".formatted(i),
					instances[i]::uri);
		}
		registry.add("order.user-service.client-id", () -> CLIENT_ID);
		registry.add("order.user-service.client-secret", () -> CLIENT_SECRET);
		// The signing keys from these instances' own addresses, never through the load
		// balancer (issue 18).
		registry.add("platform.security.jwk-set-uri",
				() -> Arrays.stream(instances)
					.map((instance) -> instance.uri() + TestTokens.JWKS_PATH)
					.collect(Collectors.joining(",")));
	}

	/**
	 * Makes a user, say one another instance knows, known to this one too.
	 */
	void know(UUID id) {
		this.knownUsers.add(id);
	}

	/**
	 * Makes this instance answer a user's lookup only after {@link #SLOW_ANSWER}.
	 */
	void slowDown(UUID id) {
		this.slowUsers.add(id);
	}

	/**
	 * Makes this instance fail a user's lookup with a 503, whoever knows the user.
	 */
	void failFor(UUID id) {
		this.failingUsers.add(id);
	}

	UUID knownUser() {
		UUID id = UUID.randomUUID();
		this.knownUsers.add(id);
		return id;
	}

	/**
	 * A user that exists, but whose lookup answers only after {@link #SLOW_ANSWER}.
	 */
	UUID slowUser() {
		UUID id = knownUser();
		this.slowUsers.add(id);
		return id;
	}

	/**
	 * A user whose lookup fails with a 503 that invites a retry.
	 */
	UUID failingUser() {
		UUID id = UUID.randomUUID();
		this.failingUsers.add(id);
		return id;
	}

	/**
	 * A user that exists, but whose lookup answers 401 whatever the token.
	 */
	UUID refusingUser() {
		UUID id = knownUser();
		this.refusingUsers.add(id);
		return id;
	}

	/**
	 * Refuses every token issued so far, as after a key was retired.
	 */
	void revokeIssuedTokens() {
		validTokens.clear();
	}

	int tokensIssued() {
		return this.tokensIssued.get();
	}

	int callsFor(UUID user) {
		AtomicInteger count = this.calls.get(user.toString());
		return (count != null) ? count.get() : 0;
	}

	/**
	 * The W3C {@code traceparent} header of the last lookup of a user.
	 */
	String traceparentFor(UUID user) {
		return this.traceparents.get(user.toString());
	}

	/**
	 * The {@code Authorization} header of the last lookup of a user.
	 */
	String authorizationFor(UUID user) {
		return this.authorizations.get(user.toString());
	}

	void stop() {
		this.server.stop();
	}

	void restart() {
		this.server.restart();
	}

	/**
	 * Restarts the stand-in if it was stopped.
	 */
	void ensureRunning() {
		this.server.restart();
	}

	private Response answer(Request request) throws InterruptedException {
		if (request.path().equals(TestTokens.JWKS_PATH)) {
			return Response.json(200, TestTokens.jwks());
		}
		if (request.path().equals("/api/auth/token")) {
			return issueToken(request);
		}
		if (request.path().startsWith("/api/users/")) {
			return answerUserCheck(request);
		}
		return Response.empty(404);
	}

	private Response issueToken(Request request) {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		String contentType = request.header("Content-Type");
		if (!"POST".equals(request.method()) || !basic.equals(request.header("Authorization")) || contentType == null
				|| !contentType.startsWith("application/x-www-form-urlencoded")
				|| !"grant_type=client_credentials".equals(request.body())) {
			return Response.of(401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}");
		}
		String token = TestTokens.service(CLIENT_ID);
		validTokens.add(token);
		this.tokensIssued.incrementAndGet();
		return Response.json(200, """
				{"access_token":"%s","token_type":"Bearer","expires_in":%d}""".formatted(token,
				TOKEN_LIFETIME_SECONDS));
	}

	private Response answerUserCheck(Request request) throws InterruptedException {
		String id = request.path().substring("/api/users/".length());
		this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		String traceparent = request.header("traceparent");
		if (traceparent != null) {
			this.traceparents.put(id, traceparent);
		}
		String authorization = request.header("Authorization");
		if (authorization != null) {
			this.authorizations.put(id, authorization);
		}
		if (authorization == null || !authorization.startsWith("Bearer ")
				|| !validTokens.contains(authorization.substring("Bearer ".length()))
				|| matches(this.refusingUsers, id)) {
			return Response.of(401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}")
				.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		}
		if (matches(this.failingUsers, id)) {
			return Response.empty(503).withHeader("Retry-After", "1");
		}
		if (matches(this.slowUsers, id)) {
			// Plays a stalled user-service; the client's read timeout should give up
			// first.
			Thread.sleep(SLOW_ANSWER);
		}
		boolean known = "GET".equals(request.method()) && matches(this.knownUsers, id);
		return known ? Response.json(200, "{\"id\":\"%s\"}".formatted(id)) : Response.empty(404);
	}

	private static boolean matches(Set<UUID> users, String id) {
		return users.stream().anyMatch((user) -> user.toString().equals(id));
	}

}
