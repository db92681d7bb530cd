package com.example.platform.user.auth;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.user.TestAccounts;
import com.example.platform.user.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an attacker tries directly against user-service, bypassing the gateway. Each
 * forged token is valid in every respect but one, so the 401 proves that one check.
 */
@ExtendWith(OutputCaptureExtension.class)
class AttackIT extends WithTestSigningKeys {

	private static final String[] INJECTIONS = { "' OR 1=1 --", "x'); DROP TABLE users;--", "\" OR \"\"=\"",
			"admin@platform.test' --", "1; SELECT pg_sleep(5)", "{\"$gt\": \"\"}" };

	@Autowired
	private JdbcClient jdbc;

	@Test
	void rejectsRequestWithoutToken() {
		Account victim = TestAccounts.register(this.client, "Victim");

		expectUnauthorized(this.client.get().uri("/api/users/{id}", victim.id()).exchange(), "Missing bearer token")
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void rejectsExpiredToken() {
		assertForgeryRejected(TestTokens::expired, "Bearer token expired");
	}

	@Test
	void rejectsTokenWithWrongSignature() {
		assertForgeryRejected(ForgedTokens::wrongSignature, "Bearer token signature is invalid");
	}

	@Test
	void rejectsUnsignedAlgNoneToken() {
		assertForgeryRejected(ForgedTokens::algNone, "Bearer token is not signed");
	}

	@Test
	void rejectsHmacTokenSignedWithThePublicKey() {
		assertForgeryRejected(ForgedTokens::hmacSignedWithPublicKey, "Bearer token algorithm is not accepted");
	}

	@Test
	void rejectsTokenOfAnotherIssuer() {
		assertForgeryRejected(ForgedTokens::wrongIssuer, "Bearer token has the wrong issuer");
	}

	@Test
	void rejectsTokenForAnotherAudience() {
		assertForgeryRejected(ForgedTokens::wrongAudience, "Bearer token has the wrong audience");
	}

	@Test
	void rejectsTamperedClaims() {
		assertForgeryRejected(ForgedTokens::tampered, "Bearer token signature is invalid");
	}

	@Test
	void acceptsTheUntamperedTokenTheForgeriesDeriveFrom() {
		Account user = TestAccounts.register(this.client, "Ada");

		getUser(user.id(), TestTokens.user(user.id())).expectStatus().isOk();
	}

	@Test
	void rejectsInjectionInEveryStringFieldAndKeepsTheDataIntact() {
		Account victim = TestAccounts.register(this.client, "Victim");
		long usersBefore = countUsers();

		for (String injection : INJECTIONS) {
			expect4xx(register(injection, "Mallory", TestAccounts.PASSWORD));
			expect4xx(register("mallory-" + UUID.randomUUID() + "@example.com", injection, TestAccounts.PASSWORD));
			expect4xx(login(injection, TestAccounts.PASSWORD));
			expect4xx(login(victim.email(), injection + injection));
			expect4xx(login(victim.email() + injection, TestAccounts.PASSWORD));
			expect4xx(this.client.put()
				.uri("/api/users/{id}", victim.id())
				.headers((headers) -> headers.setBearerAuth(victim.token()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", victim.email(), "name", injection, "version", 0))
				.exchange());
		}
		// JSON injection: a quote in a value cannot add a field, an extra field is
		// refused.
		expect4xx(this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\": \"m@x.com\\\", \\\"roles\\\": [\\\"ADMIN\\\"]\", \"name\": \"Mallory\", \"password\": \""
					+ TestAccounts.PASSWORD + "\"}")
			.exchange());
		expect4xx(this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "mallory-" + UUID.randomUUID() + "@example.com", "name", "Mallory", "password",
					TestAccounts.PASSWORD, "role", "ADMIN"))
			.exchange());

		assertThat(countUsers()).isEqualTo(usersBefore);
		getUser(victim.id(), victim.token()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Victim")
			.jsonPath("$.version")
			.isEqualTo(0);
	}

	@Test
	void rejectsInjectionInPathAndQueryParameters() {
		Account victim = TestAccounts.register(this.client, "Victim");
		String admin = login(this.client, ADMIN_EMAIL, ADMIN_PASSWORD);
		long usersBefore = countUsers();

		for (String injection : INJECTIONS) {
			expect4xx(this.client.get()
				.uri("/api/users/{id}", victim.id() + injection)
				.headers((headers) -> headers.setBearerAuth(victim.token()))
				.exchange());
			expect4xx(this.client.delete()
				.uri("/api/users/{id}", injection)
				.headers((headers) -> headers.setBearerAuth(admin))
				.exchange());
			expect4xx(this.client.get()
				.uri((uri) -> uri.path("/api/users")
					.queryParam("page", "{p}")
					.queryParam("size", "{s}")
					.build("0", injection))
				.headers((headers) -> headers.setBearerAuth(admin))
				.exchange());
		}

		assertThat(countUsers()).isEqualTo(usersBefore);
		getUser(victim.id(), victim.token()).expectStatus().isOk();
	}

	@Test
	void limitsClientSecretGuessingPerAddressStraightAtTheInstance() {
		int unauthorized = 0;
		int throttled = 0;
		for (int i = 0; i < 40; i++) {
			int status = clientToken(this.clientAddress, CLIENT_ID, "guess-" + i).expectBody(String.class)
				.returnResult()
				.getStatus()
				.value();
			unauthorized += (status == 401) ? 1 : 0;
			throttled += (status == 429) ? 1 : 0;
		}
		assertThat(unauthorized).isEqualTo(30);
		assertThat(throttled).isEqualTo(10);
		clientToken(this.clientAddress, CLIENT_ID, CLIENT_SECRET).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectBody()
			.jsonPath("$.detail")
			.exists();
		// Another address is not affected.
		clientToken(randomAddress(), CLIENT_ID, CLIENT_SECRET).expectStatus().isOk();
	}

	@Test
	void limitsRegistrationsPerAddressSoEmailsCannotBeSweptFast() {
		for (int i = 0; i < 100; i++) {
			register("not-an-email-" + i, "Eve", "short").expectStatus().isBadRequest();
		}
		register("user-" + UUID.randomUUID() + "@example.com", "Eve", TestAccounts.PASSWORD).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesANulInTheLoginEmailWith400() {
		login("ada\u0000@example.com", TestAccounts.PASSWORD).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("email").contains("NUL"));
	}

	private ResponseSpec clientToken(String address, String id, String secret) {
		return this.client.post()
			.uri("/api/auth/token")
			.header("X-Forwarded-For", address)
			.headers((headers) -> headers.setBasicAuth(id, secret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("grant_type=client_credentials")
			.exchange();
	}

	@Test
	void refusesOversizedBodyWith413() {
		String name = "A".repeat(70 * 1024);

		this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "big-" + UUID.randomUUID() + "@example.com", "name", name, "password",
					TestAccounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void neverLogsPasswordsOrTokens(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("org.springframework.security", LogLevel.DEBUG);
		logging.setLogLevel("org.springframework.web", LogLevel.DEBUG);
		// This test's own HTTP client, which logs the bodies it sends, is not the
		// service.
		logging.setLogLevel("org.springframework.web.client", LogLevel.INFO);
		try {
			Account user = TestAccounts.register(this.client, "Ada");
			getUser(user.id(), user.token()).expectStatus().isOk();
			login(user.email(), "a wrong password guess").expectStatus().isUnauthorized();
			getUser(user.id(), TestTokens.expired(user.id())).expectStatus().isUnauthorized();
			String clientToken = this.client.post()
				.uri("/api/auth/token")
				.headers((headers) -> headers.setBasicAuth(CLIENT_ID, CLIENT_SECRET))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body("grant_type=client_credentials")
				.exchangeSuccessfully()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody()
				.get("access_token")
				.toString();

			assertThat(output.getAll()).as("DEBUG logging is on").contains("DEBUG");
			assertThat(output.getAll()).doesNotContain(TestAccounts.PASSWORD)
				.doesNotContain("a wrong password guess")
				.doesNotContain(user.token())
				.doesNotContain(signatureOf(user.token()))
				.doesNotContain(clientToken)
				.doesNotContain(CLIENT_SECRET)
				.doesNotContain("{bcrypt}");
		}
		finally {
			logging.setLogLevel("org.springframework.security", null);
			logging.setLogLevel("org.springframework.web", null);
			logging.setLogLevel("org.springframework.web.client", null);
		}
	}

	private void assertForgeryRejected(Function<UUID, String> forgery, String detail) {
		Account victim = TestAccounts.register(this.client, "Victim");

		expectUnauthorized(getUser(victim.id(), forgery.apply(victim.id())), detail).expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		// Every forgery also claims ADMIN or targets a user: none of them lists users.
		expectUnauthorized(this.client.get()
			.uri("/api/users")
			.headers((headers) -> headers.setBearerAuth(forgery.apply(victim.id())))
			.exchange(), detail);
	}

	private long countUsers() {
		return this.jdbc.sql("select count(*) from users").query(Long.class).single();
	}

	private ResponseSpec getUser(UUID id, String token) {
		return this.client.get()
			.uri("/api/users/{id}", id)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange();
	}

	private ResponseSpec register(String email, String name, String password) {
		return this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", name, "password", password))
			.exchange();
	}

	private ResponseSpec login(String email, String password) {
		return this.client.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchange();
	}

	private static RestTestClient.ResponseSpec expectUnauthorized(ResponseSpec response, String detail) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(detail);
		return response;
	}

	private static void expect4xx(ResponseSpec response) {
		response.expectStatus().is4xxClientError();
	}

	private static String signatureOf(String token) {
		return token.substring(token.lastIndexOf('.') + 1);
	}

}
