package com.example.platform.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestCertificates;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway with mutual TLS on: its public port stays plain HTTP, while it calls the
 * services (and fetches the signing keys) over TLS with its own certificate, only on
 * instances registered for TLS whose certificate the platform CA signed. An impostor
 * registered as user-service with a certificate from another CA and one registered with a
 * plain port get no request, tokens included; its management port takes only callers with
 * a platform certificate.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "management.server.port=0",
				"platform.tls.directory=" + TestCertificates.PLATFORM + "/gateway" })
@AutoConfigureWebTestClient
class GatewayMutualTlsIT {

	// Requires the caller's platform certificate: every request it gets proves the
	// gateway presented one.
	private static final HttpStandIn userService = HttpStandIn.startHttps(GatewayMutualTlsIT::answer,
			TestCertificates.platform().sslContext("user-service"), true);

	// The same name from another CA, taking any caller: only the gateway's check stops
	// it.
	private static final HttpStandIn impostor = HttpStandIn.startHttps(GatewayMutualTlsIT::answer,
			TestCertificates.foreign().sslContext("user-service"), false);

	// Registered with a plain port.
	private static final HttpStandIn plain = HttpStandIn.start(GatewayMutualTlsIT::answer);

	private static final String TOKEN = TestTokens.user(UUID.randomUUID());

	@LocalManagementPort
	private int managementPort;

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.discovery.client.simple.instances.";
		registry.add(prefix + "user-service[0].uri", userService::uri);
		registry.add(prefix + "user-service[1].uri", impostor::uri);
		registry.add(prefix + "user-service[2].uri", plain::uri);
		registry.add("platform.security.jwk-set-uri", () -> userService.uri() + TestTokens.JWKS_PATH);
		TestRedis.register(registry);
	}

	@AfterAll
	static void stopServers() {
		userService.close();
		impostor.close();
		plain.close();
	}

	@Test
	void callsOnlyTheInstancesThePlatformCertifiedOverTlsWithItsCertificate(@Autowired WebTestClient client) {
		for (int i = 0; i < 12; i++) {
			client.get()
				.uri("/api/users/" + i)
				.headers((headers) -> headers.setBearerAuth(TOKEN))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.isEqualTo("user-service:" + userService.port());
		}

		assertThat(userService.received()).filteredOn((request) -> request.path().startsWith("/api/users/"))
			.hasSize(12)
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN));
		assertThat(impostor.received()).isEmpty();
		assertThat(plain.received()).isEmpty();
	}

	@Test
	void takesOnlyPlatformCertificatesOnItsManagementPort() throws Exception {
		URI health = URI.create("https://localhost:" + this.managementPort + "/actuator/health");
		HttpClient platformClient = HttpClient.newBuilder()
			.sslContext(TestCertificates.platform().sslContext(TestCertificates.CLIENT))
			.build();
		// Trusts the gateway, but has no certificate to show.
		HttpClient anonymousClient = HttpClient.newBuilder()
			.sslContext(TestCertificates
				.withoutCertificate(TestCertificates.platform().directoryOf(TestCertificates.CLIENT).resolve("ca.crt")))
			.build();

		assertThat(platformClient
			.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body()).contains("\"UP\"");
		assertThatExceptionOfType(IOException.class).isThrownBy(
				() -> anonymousClient.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString()));
	}

	private static Response answer(Request request) {
		if (request.path().equals(TestTokens.JWKS_PATH)) {
			return Response.json(200, TestTokens.jwks());
		}
		return Response.of(200, "text/plain", "user-service:" + request.localPort());
	}

}
