package com.example.platform.user.auth;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.example.platform.testsupport.TestTokens;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * user-service configured as in a deployment: it signs with the test key (so TestTokens'
 * forgeries differ from a valid token in exactly one respect), still accepts a retired
 * key whose private part is gone, has an administrator and one service client. The
 * subclasses share this one application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithEmbeddedInfrastructure
abstract class WithTestSigningKeys {

	static final String ADMIN_EMAIL = "admin@platform.test";

	static final String ADMIN_PASSWORD = "admin password for the tests";

	static final String CLIENT_ID = "order-service";

	static final String CLIENT_SECRET = "order-service-test-secret";

	static final RSAKey RETIRED_KEY = TestTokens.generateKey("retired-key");

	@LocalServerPort
	private int port;

	RestTestClient client;

	// Each test is a client of its own, as the per-address limits see it: 127.0.0.1 is
	// the trusted proxy whose X-Forwarded-For names the client.
	final String clientAddress = randomAddress();

	// The JDK's client: Apache HttpClient, which the auto-configured one would use,
	// silently waits out a 429's Retry-After (minutes) and retries.
	@BeforeEach
	void bindClient() {
		this.client = RestTestClient.bindToServer(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("X-Forwarded-For", this.clientAddress)
			.build();
	}

	@DynamicPropertySource
	static void security(DynamicPropertyRegistry registry) {
		registry.add("platform.security.signing.active-key-id", () -> TestTokens.KEY_ID);
		registry.add("platform.security.signing.keys[0].id", () -> TestTokens.KEY_ID);
		registry.add("platform.security.signing.keys[0].private-key", WithTestSigningKeys::activePrivateKey);
		registry.add("platform.security.signing.keys[1].id", RETIRED_KEY::getKeyID);
		registry.add("platform.security.signing.keys[1].public-key", WithTestSigningKeys::retiredPublicKeyPem);
		registry.add("platform.security.admin.email", () -> ADMIN_EMAIL);
		registry.add("platform.security.admin.password", () -> ADMIN_PASSWORD);
		registry.add("platform.security.clients[0].id", () -> CLIENT_ID);
		registry.add("platform.security.clients[0].secret", () -> CLIENT_SECRET);
		registry.add("platform.rate-limit.trusted-proxies[0]", () -> "127.0.0.1");
		registry.add("platform.rate-limit.token.requests", () -> "30");
		registry.add("platform.rate-limit.registration.requests", () -> "100");
		registry.add("platform.rate-limit.token.per", () -> "10s");
		registry.add("platform.rate-limit.registration.per", () -> "10m");
	}

	static String randomAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), random.nextInt(1, 255));
	}

	static String login(RestTestClient client, String email, String password) {
		Map<?, ?> response = client.post()
			.uri("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "password", password))
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return response.get("access_token").toString();
	}

	// Base64 PKCS#8 DER, as PLATFORM_SECURITY_SIGNING_KEYS_0_PRIVATE_KEY carries it.
	private static String activePrivateKey() {
		try {
			return Base64.getEncoder().encodeToString(TestTokens.key().toPrivateKey().getEncoded());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// PEM, the other accepted form.
	private static String retiredPublicKeyPem() {
		try {
			return "-----BEGIN PUBLIC KEY-----\n"
					+ Base64.getMimeEncoder().encodeToString(RETIRED_KEY.toPublicKey().getEncoded())
					+ "\n-----END PUBLIC KEY-----\n";
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
