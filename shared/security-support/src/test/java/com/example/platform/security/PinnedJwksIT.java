package com.example.platform.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.testsupport.TestTokens;
import com.example.platform.tokens.PinnedJwkSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

// Issue 18's key poisoning, on a real server: an impostor registered as user-service
// serves its own key set, and a token signed with its key must stay refused, however
// many unknown key ids are sent to make the service fetch. The keys come only from the
// pinned location; before, they were fetched through the load balancer, from whatever
// instance the registry listed (here the impostor, the only one).
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "platform.security.jwk-set-refetch-interval=1h")
@Import(PinnedJwksIT.SampleController.class)
class PinnedJwksIT {

	private static final RSAKey IMPOSTOR_KEY = TestTokens.generateKey("impostor-key");

	private static final Impostor impostor = new Impostor();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private PinnedJwkSet keys;

	@DynamicPropertySource
	static void userService(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri", impostor::uri);
		registry.add("platform.security.jwk-set-uri", () -> TestTokens.jwksServer() + TestTokens.JWKS_PATH);
	}

	@AfterAll
	static void stopImpostor() {
		impostor.server.stop(0);
	}

	@Test
	void refusesTokensSignedByAKeyOnlyTheRegisteredImpostorPublishesEvenAfterAFlood() throws Exception {
		assertThat(get(TestTokens.user(UUID.randomUUID())).statusCode()).isEqualTo(200);
		long fetchesBefore = this.keys.fetches();

		for (int i = 0; i < 50; i++) {
			// One key under many made-up ids: generating 50 RSA keys would cost more than
			// the flood.
			RSAKey junkKey = new RSAKey.Builder(IMPOSTOR_KEY).keyID("junk-" + i).build();
			HttpResponse<String> junk = get(TestTokens.builder().signedWith(junkKey).roles("ADMIN").sign());
			assertThat(junk.statusCode()).isEqualTo(401);
			assertThat(junk.body()).contains("Bearer token is signed with an unknown key");
		}
		assertThat(get(TestTokens.builder().signedWith(IMPOSTOR_KEY).roles("ADMIN").sign()).statusCode())
			.isEqualTo(401);

		assertThat(impostor.requests).hasValue(0);
		// One interval (an hour here): the flood cost at most the one fetch.
		assertThat(this.keys.fetches() - fetchesBefore).isLessThanOrEqualTo(1);
		assertThat(get(TestTokens.user(UUID.randomUUID())).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/ping"))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A listener registered as user-service that serves its own key set. */
	static final class Impostor {

		final AtomicInteger requests = new AtomicInteger();

		final HttpServer server;

		Impostor() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/", (exchange) -> {
				this.requests.incrementAndGet();
				byte[] body = TestTokens.jwks(IMPOSTOR_KEY).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
		}

		String uri() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

	}

	@SpringBootApplication
	static class SampleApplication {

	}

	@RestController
	static class SampleController {

		@GetMapping("/api/ping")
		String ping() {
			return "pong";
		}

	}

}
