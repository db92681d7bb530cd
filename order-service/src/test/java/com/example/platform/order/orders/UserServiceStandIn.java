package com.example.platform.order.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.example.platform.testsupport.TestTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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

	private HttpServer server;

	private boolean running = true;

	private final int port;

	private UserServiceStandIn() {
		this.server = listen(0);
		this.port = this.server.getAddress().getPort();
	}

	static UserServiceStandIn start() {
		return new UserServiceStandIn();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.port);
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

	synchronized void stop() {
		this.server.stop(0);
		this.running = false;
	}

	synchronized void restart() {
		this.server = listen(this.port);
		this.running = true;
	}

	/**
	 * Restarts the stand-in if it was stopped.
	 */
	synchronized void ensureRunning() {
		if (!this.running) {
			restart();
		}
	}

	private HttpServer listen(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			server.createContext("/api/users/", this::answerUserCheck);
			server.createContext("/api/auth/token", this::issueToken);
			server.createContext(TestTokens.JWKS_PATH,
					(exchange) -> respond(exchange, 200, TestTokens.jwks(), "application/json"));
			// A slow answer must not hold up the others.
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void issueToken(HttpExchange exchange) throws IOException {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		if (!"POST".equals(exchange.getRequestMethod()) || !basic.equals(authorization(exchange)) || contentType == null
				|| !contentType.startsWith("application/x-www-form-urlencoded")
				|| !"grant_type=client_credentials".equals(body)) {
			respond(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}", "application/problem+json");
			return;
		}
		String token = TestTokens.service(CLIENT_ID);
		validTokens.add(token);
		this.tokensIssued.incrementAndGet();
		respond(exchange, 200, """
				{"access_token":"%s","token_type":"Bearer","expires_in":%d}""".formatted(token, TOKEN_LIFETIME_SECONDS),
				"application/json");
	}

	private void answerUserCheck(HttpExchange exchange) throws IOException {
		String id = exchange.getRequestURI().getPath().substring("/api/users/".length());
		this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
		if (traceparent != null) {
			this.traceparents.put(id, traceparent);
		}
		String authorization = authorization(exchange);
		if (authorization != null) {
			this.authorizations.put(id, authorization);
		}
		if (authorization == null || !authorization.startsWith("Bearer ")
				|| !validTokens.contains(authorization.substring("Bearer ".length()))
				|| matches(this.refusingUsers, id)) {
			exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			respond(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}", "application/problem+json");
			return;
		}
		if (matches(this.failingUsers, id)) {
			exchange.getResponseHeaders().add("Retry-After", "1");
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
			return;
		}
		if (matches(this.slowUsers, id)) {
			// Plays a stalled user-service; the client's read timeout should give up
			// first.
			try {
				Thread.sleep(SLOW_ANSWER);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		boolean known = "GET".equals(exchange.getRequestMethod()) && matches(this.knownUsers, id);
		if (known) {
			respond(exchange, 200, "{\"id\":\"%s\"}".formatted(id), "application/json");
		}
		else {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		}
	}

	private static String authorization(HttpExchange exchange) {
		return exchange.getRequestHeaders().getFirst("Authorization");
	}

	private static void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static boolean matches(Set<UUID> users, String id) {
		return users.stream().anyMatch((user) -> user.toString().equals(id));
	}

}
