package com.example.platform.user.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.user.TestAccounts;
import com.example.platform.user.TestAccounts.Account;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TokenApiIT extends WithTestSigningKeys {

	@Autowired
	private JsonMapper json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private AdminBootstrap adminBootstrap;

	@Autowired
	private MeterRegistry meters;

	@Test
	void registersLogsInAndReadsOwnRecordWithAContractToken() {
		Account user = TestAccounts.register(this.client, "Ada");

		getUser(user.id(), user.token()).expectStatus().isOk().expectBody().jsonPath("$.email").isEqualTo(user.email());

		JsonNode header = part(user.token(), 0);
		JsonNode claims = part(user.token(), 1);
		assertThat(header.get("alg").asString()).isEqualTo("RS256");
		assertThat(header.get("kid").asString()).isEqualTo(TestTokens.KEY_ID);
		assertThat(header.get("typ").asString()).isEqualTo("JWT");
		assertThat(claims.get("iss").asString()).isEqualTo("platform");
		assertThat(claims.get("aud").toString()).contains("platform-api");
		assertThat(claims.get("sub").asString()).isEqualTo(user.id().toString());
		assertThat(claims.get("roles").toString()).isEqualTo("[\"USER\"]");
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
		assertThat(UUID.fromString(claims.get("jti").asString())).isNotNull();
	}

	@Test
	void publishesActiveAndRetiredPublicKeysOnly() {
		String jwks = this.client.get()
			.uri("/.well-known/jwks.json")
			.exchangeSuccessfully()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		JsonNode keys = this.json.readTree(jwks).get("keys");
		assertThat(keys).extracting((key) -> key.get("kid").asString())
			.containsExactlyInAnyOrder(TestTokens.KEY_ID, RETIRED_KEY.getKeyID());
		assertThat(keys).allSatisfy((key) -> {
			assertThat(key.get("kty").asString()).isEqualTo("RSA");
			assertThat(key.has("d")).as("private exponent published").isFalse();
			assertThat(key.has("p")).isFalse();
		});
	}

	@Test
	void acceptsTokensOfTheActiveAndTheRetiredKeyButNotOfAnUnknownOne() {
		Account user = TestAccounts.register(this.client, "Ada");
		String byRetiredKey = TestTokens.builder().subject(user.id()).roles("USER").signedWith(RETIRED_KEY).sign();
		String byUnknownKey = TestTokens.builder()
			.subject(user.id())
			.roles("USER")
			.signedWith(TestTokens.generateKey("unknown-key"))
			.sign();

		getUser(user.id(), user.token()).expectStatus().isOk();
		getUser(user.id(), byRetiredKey).expectStatus().isOk();
		getUser(user.id(), byUnknownKey).expectStatus().isUnauthorized();
	}

	@Test
	void issuesServiceTokenThatReadsAnyUserButChangesNone() {
		Account user = TestAccounts.register(this.client, "Ada");

		String token = clientToken(CLIENT_ID, CLIENT_SECRET).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("access_token")
			.toString();

		JsonNode claims = part(token, 1);
		assertThat(claims.get("sub").asString()).isEqualTo(CLIENT_ID);
		assertThat(claims.get("roles").toString()).isEqualTo("[\"SERVICE\"]");
		getUser(user.id(), token).expectStatus().isOk();
		this.client.put()
			.uri("/api/users/{id}", user.id())
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", user.email(), "name", "Changed", "version", 0))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/api/users/{id}", user.id())
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.get()
			.uri("/api/users")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isForbidden();
		getUser(user.id(), user.token()).expectBody().jsonPath("$.name").isEqualTo("Ada");
	}

	@Test
	void rejectsWrongClientCredentials() {
		clientToken(CLIENT_ID, "wrong-secret").expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"platform\"")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Invalid client credentials");
		clientToken("unknown-client", CLIENT_SECRET).expectStatus().isUnauthorized();
		this.client.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("grant_type=client_credentials")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.post()
			.uri("/api/auth/token")
			.headers((headers) -> headers.setBasicAuth(CLIENT_ID, CLIENT_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("grant_type=password&username=a&password=b")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void createsTheConfiguredAdminOnceEvenWhenBootstrappedAgainConcurrently() {
		CompletableFuture<?> first = CompletableFuture
			.runAsync(() -> this.adminBootstrap.afterSingletonsInstantiated());
		CompletableFuture<?> second = CompletableFuture
			.runAsync(() -> this.adminBootstrap.afterSingletonsInstantiated());
		CompletableFuture.allOf(first, second).join();

		long admins = this.jdbc.sql("select count(*) from users where lower(email) = lower(:email) and role = 'ADMIN'")
			.param("email", ADMIN_EMAIL)
			.query(Long.class)
			.single();
		assertThat(admins).isEqualTo(1);
		String token = login(this.client, ADMIN_EMAIL, ADMIN_PASSWORD);
		assertThat(part(token, 1).get("roles").toString()).isEqualTo("[\"ADMIN\"]");
		this.client.get()
			.uri("/api/users")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void slowsGuessingForAnEmailFromOneAddressButNeverLocksTheRightPassword() {
		Account user = TestAccounts.register(this.client, "Ada");
		Account bystander = TestAccounts.register(this.client, "Grace");
		String attacker = WithTestSigningKeys.randomAddress();

		for (int i = 0; i < 6; i++) {
			userToken(attacker, user.email(), "wrong password " + i).expectStatus().isUnauthorized();
		}
		userToken(attacker, user.email(), TestAccounts.PASSWORD).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (retryAfter) -> assertThat(Long.parseLong(retryAfter)).isBetween(1L,
					Duration.ofSeconds(5).toSeconds()));
		// Counted per canonical email: another case is the same counter.
		userToken(attacker, user.email().toUpperCase(Locale.ROOT), TestAccounts.PASSWORD).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

		// The stranger's guesses never slow the owner at their own address, nor other
		// users.
		userToken(this.clientAddress, user.email(), TestAccounts.PASSWORD).expectStatus().isOk();
		userToken(attacker, bystander.email(), TestAccounts.PASSWORD).expectStatus().isOk();
		// Nor is the right password locked at the attacker's address: only delayed.
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> userToken(attacker, user.email(), TestAccounts.PASSWORD).expectStatus().isOk());
	}

	@Test
	void refusesADeletedUsersTokenWithinSeconds() {
		Account user = TestAccounts.register(this.client, "Ada");
		getUser(user.id(), user.token()).expectStatus().isOk();

		this.client.delete()
			.uri("/api/users/{id}", user.id())
			.headers((headers) -> headers.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isNoContent();

		// Through Redis, as every other validator learns it; 401, not the 404 of a user
		// that is gone, because the token itself is refused.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> getUser(user.id(), user.token()).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void countsEverySpellingOfAnEmailAsOneAccount() {
		Account user = TestAccounts.register(this.client, "Ada");
		// Full-width letters are the same email once normalized (NFKC): before, each
		// spelling had a throttle counter of its own.
		String fullWidth = fullWidth(user.email());
		for (int i = 0; i < 6; i++) {
			userToken(this.clientAddress, (i % 2 == 0) ? fullWidth : user.email(), "wrong password " + i).expectStatus()
				.isUnauthorized();
		}
		userToken(this.clientAddress, user.email(), TestAccounts.PASSWORD).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
	}

	@Test
	void treatsADottedCapitalIAsAnotherEmailNotAsTheAccount() {
		String email = "ivy-" + UUID.randomUUID() + "@example.com";
		this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", "Ivy", "password", TestAccounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated();
		// "İ" (U+0130) lower-cases to "i" in PostgreSQL and to "i̇" in Java: one form
		// decides.
		userToken(this.clientAddress, "\u0130" + email.substring(1), TestAccounts.PASSWORD).expectStatus()
			.isUnauthorized();
		userToken(this.clientAddress, email, TestAccounts.PASSWORD).expectStatus().isOk();
	}

	static String fullWidth(String email) {
		StringBuilder result = new StringBuilder();
		int at = email.indexOf('@');
		for (int i = 0; i < email.length(); i++) {
			char c = email.charAt(i);
			result.append((i < at && c >= 'a' && c <= 'z') ? (char) (c - 'a' + '\uFF41') : c);
		}
		return result.toString();
	}

	@Test
	void failsOpenWhileRedisIsDown() {
		Account user = TestAccounts.register(this.client, "Ada");
		double errorsBefore = throttleErrors();

		SharedInfrastructure.get().redis().stop();
		try {
			for (int i = 0; i < 7; i++) {
				userToken(user.email(), "wrong password " + i).expectStatus().isUnauthorized();
			}
			userToken(user.email(), TestAccounts.PASSWORD).expectStatus().isOk();
			assertThat(throttleErrors()).isGreaterThan(errorsBefore);
		}
		finally {
			SharedInfrastructure.get().redis().start();
		}
	}

	private double throttleErrors() {
		return this.meters.get("platform.login.throttle.errors").counter().count();
	}

	private ResponseSpec userToken(String email, String password) {
		return userToken(this.clientAddress, email, password);
	}

	private ResponseSpec userToken(String address, String email, String password) {
		return this.client.post()
			.uri("/api/auth/token")
			.header("X-Forwarded-For", address)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchange();
	}

	private ResponseSpec clientToken(String id, String secret) {
		return this.client.post()
			.uri("/api/auth/token")
			.headers((headers) -> headers.setBasicAuth(id, secret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("grant_type=client_credentials")
			.exchange();
	}

	private ResponseSpec getUser(UUID id, String token) {
		return this.client.get()
			.uri("/api/users/{id}", id)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange();
	}

	private JsonNode part(String token, int index) {
		return this.json
			.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
	}

}
