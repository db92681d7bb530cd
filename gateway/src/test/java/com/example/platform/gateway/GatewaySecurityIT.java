package com.example.platform.gateway;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.tokens.RevokedSubjects;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's edge against real HTTP: stand-in services behind it (user-service also
 * serving the test JWKS), a real Redis for the rate limiters, tokens from
 * {@link TestTokens}. Every refused request is checked never to reach a service.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "management.server.port=0",
				"platform.gateway.client-timeouts.idle=2s", "platform.gateway.client-timeouts.read=2s" })
@AutoConfigureWebTestClient
class GatewaySecurityIT extends StandInBackends {

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final String ALLOWED_ORIGIN = "http://localhost:3000";

	private static final int MAX_REQUEST_BYTES = 64 * 1024;

	private static final String SHOP_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

	// Styles: the gateway's files, and the one <style> element of Swagger UI's logo by
	// its hash (PageSecurityConfiguration; SwaggerUiBrowserIT shows it is all it
	// needs).
	private static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:; "
			+ "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int gatewayPort;

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Autowired
	private GatewayProperties gatewayProperties;

	@LocalManagementPort
	private int managementPort;

	@Test
	void cutsOffClientsThatStopSendingHeadersOrABody() throws Exception {
		for (String partial : new String[] { "GET /api/users HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
				"POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Content-Length: 100\r\n\r\n{\"em" }) {
			try (Socket socket = new Socket("localhost", this.gatewayPort)) {
				socket.getOutputStream().write(partial.getBytes(StandardCharsets.UTF_8));
				socket.getOutputStream().flush();
				socket.setSoTimeout(30_000);
				long start = System.nanoTime();
				// The gateway closes the connection: the read ends, with or without an
				// answer.
				socket.getInputStream().readAllBytes();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as(partial).isLessThan(Duration.ofSeconds(15));
			}
		}
	}

	@Test
	void answersASmugglingAttemptWithAProblemInsteadOfAnEmpty400() throws Exception {
		// Two Content-Lengths: the framing a smuggler relies on. Reactor Netty alone
		// answers an empty 400; the platform promises problem+json for every error.
		try (Socket socket = new Socket("localhost", this.gatewayPort)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream()
				.write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
						+ "Content-Length: 40\r\n\r\nhello")
					.getBytes(StandardCharsets.ISO_8859_1));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 400")
				.containsIgnoringCase("content-type: application/problem+json")
				.contains("\"detail\":\"The request is not valid HTTP/1.1");
		}
	}

	@Test
	void proxiesAValidTokenWithTheAuthorizationHeaderUnchanged() {
		String token = TestTokens.user(UUID.randomUUID());
		String path = uniqueOrderPath();

		this.client.get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("order-service");

		assertThat(orderService.received()).filteredOn((request) -> request.path().equals(path))
			.singleElement()
			.satisfies((request) -> assertThat(request.authorization()).isEqualTo("Bearer " + token));
	}

	@Test
	void refusesADeletedUsersTokenOnceTheRevocationIsAnnounced() {
		UUID user = UUID.randomUUID();
		String token = TestTokens.user(user);
		String path = uniqueOrderPath();
		this.client.get().uri(path).headers((headers) -> headers.setBearerAuth(token)).exchange().expectStatus().isOk();

		// What user-service's SubjectRevocations does when the user is deleted: keep it
		// for validators subscribing later, and announce it to those subscribed.
		this.redis.opsForValue().set(RevokedSubjects.KEY_PREFIX + user, "", Duration.ofMinutes(5)).block();
		this.redis.convertAndSend(RevokedSubjects.CHANNEL, user.toString()).block();

		await().atMost(Duration.ofSeconds(40))
			.untilAsserted(() -> this.client.get()
				.uri(path)
				.headers((headers) -> headers.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(PROBLEM_JSON));
	}

	@Test
	void rejectsARequestWithoutAToken() {
		String path = uniqueOrderPath();

		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.detail")
			.isEqualTo("Missing bearer token")
			.jsonPath("$.instance")
			.isEqualTo(path);

		assertThat(orderService.receivedPath(path)).isFalse();
	}

	@Test
	void rejectsAnExpiredToken() {
		assertRejected(TestTokens.expired(UUID.randomUUID()), "Bearer token expired");
	}

	@Test
	void rejectsATokenSignedByAnotherKeyWithTheSameKeyId() {
		assertRejected(ForgedTokens.wrongSignature(UUID.randomUUID()), "Bearer token signature is invalid");
	}

	@Test
	void rejectsAnUnsignedAlgNoneToken() {
		assertRejected(ForgedTokens.algNone(UUID.randomUUID()), "Bearer token is not signed");
	}

	@Test
	void rejectsAnHs256TokenSignedWithThePublicKey() {
		assertRejected(ForgedTokens.hmacSignedWithPublicKey(UUID.randomUUID()),
				"Bearer token algorithm is not accepted");
	}

	@Test
	void rejectsATokenFromAnotherIssuer() {
		assertRejected(ForgedTokens.wrongIssuer(UUID.randomUUID()), "Bearer token has the wrong issuer");
	}

	@Test
	void rejectsATokenForAnotherAudience() {
		assertRejected(ForgedTokens.wrongAudience(UUID.randomUUID()), "Bearer token has the wrong audience");
	}

	@Test
	void rejectsATokenWhoseClaimsWereTamperedWith() {
		assertRejected(ForgedTokens.tampered(UUID.randomUUID()), "Bearer token signature is invalid");
	}

	@Test
	void rejectsATokenSignedByAnUnknownKey() {
		assertRejected(TestTokens.builder().signedWith(TestTokens.generateKey("unknown-key")).sign(),
				"Bearer token is signed with an unknown key");
	}

	@Test
	void rejectsAMalformedToken() {
		assertRejected("not-a-jwt", "Bearer token is malformed");
	}

	@Test
	void registrationTokenIssuanceAndTheKeySetNeedNoToken() {
		this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"a@example.com\",\"name\":\"A\",\"password\":\"correct horse battery\"}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"a@example.com\",\"password\":\"correct horse battery\"}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri(TestTokens.JWKS_PATH)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.keys[0].kid")
			.isEqualTo(TestTokens.KEY_ID);

		assertThat(userService.received()).extracting(StandInService.Received::path)
			.contains("/api/users", "/api/auth/token", TestTokens.JWKS_PATH);
	}

	@Test
	void onlyThePublicMethodOfAPublicPathIsPublic() {
		String path = "/api/users/" + UUID.randomUUID();
		this.client.get().uri(path).exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/api/users").exchange().expectStatus().isUnauthorized();
		assertThat(userService.receivedPath(path)).isFalse();
	}

	// Issue 21: a shop lets anyone browse. Only GET is public; a price change needs a
	// token at the gateway already (the ADMIN role is order-service's check).
	@Test
	void theCatalogIsPublicToReadOnly() {
		String sku = "SKU-" + UUID.randomUUID();

		this.client.get()
			.uri("/api/products")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.service")
			.isEqualTo("order-service");
		this.client.get().uri("/api/products/" + sku).exchange().expectStatus().isOk();
		this.client.put()
			.uri("/api/products/" + sku + "/price")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"price\":0.01}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(PROBLEM_JSON);
		this.client.put()
			.uri("/api/products/" + sku + "/price")
			.headers((headers) -> headers.setBearerAuth(TestTokens.admin()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"price\":12.50}")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(orderService.receivedPath("/api/products")).isTrue();
		assertThat(orderService.received()).filteredOn((request) -> request.path().startsWith("/api/products/" + sku))
			.extracting(StandInService.Received::path)
			.containsExactly("/api/products/" + sku, "/api/products/" + sku + "/price");
	}

	@Test
	void adminRoutesRewriteThePathToEachServicesAdminApi() {
		String admin = TestTokens.admin();
		String id = UUID.randomUUID().toString();

		this.client.post()
			.uri("/api/admin/user-service/dead-letters/" + id + "/replay")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/api/admin/order-service/dead-letters?id=" + id)
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(userService.receivedPath("/api/admin/dead-letters/" + id + "/replay")).isTrue();
		assertThat(orderService.receivedPath("/api/admin/dead-letters")).isTrue();
	}

	@Test
	void adminRoutesAreForbiddenWithoutTheAdminRole() {
		for (String token : new String[] { TestTokens.user(UUID.randomUUID()), TestTokens.service("order-service") }) {
			this.client.get()
				.uri("/api/admin/user-service/dead-letters")
				.headers((headers) -> headers.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(403)
				.jsonPath("$.detail")
				.isEqualTo("The bearer token does not grant access to this resource");
		}
		this.client.get()
			.uri("/api/admin/order-service/dead-letters")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(PROBLEM_JSON);

		assertThat(userService.receivedPath("/api/admin/dead-letters")).isFalse();
		assertThat(orderService.received()).noneMatch((request) -> request.path().startsWith("/api/admin/"));
	}

	@Test
	void rejectsABodyDeclaredLargerThanTheLimitBeforeForwardingIt() {
		String path = uniqueOrderPath();

		this.client.post()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(jsonOfSize(MAX_REQUEST_BYTES + 1))
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(413)
			.jsonPath("$.detail")
			.isEqualTo("Request body is larger than the 65536 bytes allowed");

		assertThat(orderService.receivedPath(path)).isFalse();
	}

	@Test
	void rejectsAChunkedBodyThatGrowsPastTheLimit() {
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		// No Content-Length: sent chunked, 8 KB at a time, 96 KB in all.
		Flux<DataBuffer> body = Flux.range(0, 12).map((i) -> buffers.wrap(new byte[8 * 1024]));

		this.client.post()
			.uri(uniqueOrderPath())
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(body, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(PROBLEM_JSON);
	}

	@Test
	void acceptsABodyOfExactlyTheLimit() {
		String path = uniqueOrderPath();

		this.client.post()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(jsonOfSize(MAX_REQUEST_BYTES))
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(orderService.received()).filteredOn((request) -> request.path().equals(path))
			.singleElement()
			.extracting(StandInService.Received::bodyBytes)
			.isEqualTo(MAX_REQUEST_BYTES);
	}

	@Test
	void addsSecurityHeadersToProxiedAndRefusedResponses() {
		WebTestClient.ResponseSpec proxied = this.client.get()
			.uri(uniqueOrderPath())
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.exchange()
			.expectStatus()
			.isOk();
		WebTestClient.ResponseSpec refused = this.client.get()
			.uri(uniqueOrderPath())
			.exchange()
			.expectStatus()
			.isUnauthorized();

		for (WebTestClient.ResponseSpec response : new WebTestClient.ResponseSpec[] { proxied, refused }) {
			response.expectHeader()
				.valueEquals("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer")
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.valueEquals("X-Frame-Options", "DENY")
				.expectHeader()
				.value(HttpHeaders.CACHE_CONTROL, (value) -> assertThat(value).contains("no-store"));
		}
	}

	@Test
	void answersACorsPreflightFromTheAllowedOrigin() {
		this.client.options()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, ALLOWED_ORIGIN)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization, Content-Type, Idempotency-Key")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED_ORIGIN)
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> assertThat(methods).contains("POST"))
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);

		assertThat(orderService.received()).noneMatch((request) -> request.method().equals("OPTIONS"));
	}

	@Test
	void refusesCorsFromAnotherOrigin() {
		this.client.options()
			.uri("/api/orders")
			.header(HttpHeaders.ORIGIN, "https://attacker.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

		String path = uniqueOrderPath();
		this.client.get()
			.uri(path)
			.header(HttpHeaders.ORIGIN, "https://attacker.example")
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(orderService.receivedPath(path)).isFalse();
	}

	@Test
	void doesNotRouteActuatorOnTheTrafficPort() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/gateway/routes" }) {
			this.client.get()
				.uri(path)
				.headers((headers) -> headers.setBearerAuth(TestTokens.admin()))
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(PROBLEM_JSON);
		}
		assertThat(userService.received()).noneMatch((request) -> request.path().startsWith("/actuator"));
		assertThat(orderService.received()).noneMatch((request) -> request.path().startsWith("/actuator"));
	}

	@Test
	void exposesOnlyHealthInfoAndPrometheusOnTheManagementPort() {
		// A scrape outgrows WebClient's 256 KB default buffer: histograms, one set of
		// breaker series per route.
		WebTestClient management = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
		management.get().uri("/actuator/health").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("platform_gateway_rate_limiter_errors_total"));
		management.get().uri("/actuator/gateway").exchange().expectStatus().isNotFound();
		management.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
		management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

	@Test
	void servesEachServicesOpenApiDocumentWithoutAToken() {
		for (StandInService service : new StandInService[] { userService, orderService }) {
			this.client.get()
				.uri("/v3/api-docs/" + service.name())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.service")
				.isEqualTo(service.name());

			assertThat(service.receivedPath("/v3/api-docs")).isTrue();
		}
	}

	// Swagger UI gets a policy of its own that lets it run from the gateway's files, and
	// still no inline script: the page may not carry any.
	@Test
	void servesSwaggerUiFromItsOwnOriginWithoutInlineScript() {
		String page = this.client.get()
			.uri("/swagger-ui/index.html")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Security-Policy", SWAGGER_UI_POLICY)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(SWAGGER_UI_POLICY).contains("script-src 'self';")
			.doesNotContain("unsafe")
			.doesNotContain("style-src-attr")
			.doesNotContain("nonce");
		assertThat(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContain(" style=");
		for (String asset : new String[] { "/swagger-ui/swagger-initializer.js",
				"/webjars/swagger-ui/swagger-ui-bundle.js", "/webjars/swagger-ui/swagger-ui-standalone-preset.js",
				"/webjars/swagger-ui/swagger-ui.css" }) {
			this.client.get()
				.uri(asset)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Content-Security-Policy", SWAGGER_UI_POLICY);
		}
	}

	// The shop's page and files: only the gateway's own scripts and styles, calls only to
	// the gateway, and no inline script or style on the page.
	@Test
	void servesTheShopAtTheRootWithItsOwnNarrowPolicy() {
		String page = this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Content-Security-Policy", SHOP_POLICY)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("<script type=\"module\" src=\"/shop/app.js\"></script>")
			.doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>")
			.doesNotContain(" style=")
			.doesNotContain("<style");
		for (String asset : new String[] { "/index.html", "/shop/app.js", "/shop/api.js", "/shop/inspector.js",
				"/shop/shop.css", "/shop/favicon.svg" }) {
			this.client.get()
				.uri(asset)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Content-Security-Policy", SHOP_POLICY);
		}
		// The API keeps its own policy: nothing there is a page.
		this.client.get()
			.uri("/api/orders/" + UUID.randomUUID())
			.exchange()
			.expectHeader()
			.valueEquals("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
	}

	// The security rules protect /api/** and let other paths through to be answered 404:
	// safe only while every route is under /api/ or deliberately public (the key set, the
	// OpenAPI documents).
	@Test
	void routesNothingOutsideTheApiButThePublicKeySet() {
		assertThat(this.gatewayProperties.getRoutes()).isNotEmpty().allSatisfy((RouteDefinition route) -> {
			assertThat(route.getPredicates()).filteredOn((predicate) -> predicate.getName().equals("Path"))
				.flatExtracting((PredicateDefinition predicate) -> predicate.getArgs().values())
				.isNotEmpty()
				.allSatisfy((pattern) -> assertThat(pattern)
					.matches("/api/.+|" + TestTokens.JWKS_PATH + "|/v3/api-docs/(user|order)-service"));
		});
	}

	private void assertRejected(String token, String detail) {
		String path = uniqueOrderPath();

		this.client.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.title")
			.isEqualTo("Unauthorized")
			.jsonPath("$.detail")
			.isEqualTo(detail)
			.jsonPath("$.trace")
			.doesNotExist();

		assertThat(orderService.receivedPath(path)).isFalse();
	}

	private static String uniqueOrderPath() {
		return "/api/orders/" + UUID.randomUUID();
	}

	private static String jsonOfSize(int bytes) {
		String prefix = "{\"padding\":\"";
		String suffix = "\"}";
		return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
	}

}
