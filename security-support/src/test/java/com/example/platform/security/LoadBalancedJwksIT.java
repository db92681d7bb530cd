package com.example.platform.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

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

// The default jwk-set-uri names user-service: the key set is fetched through the load
// balancer, here from the stand-in registered as user-service.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(LoadBalancedJwksIT.SampleController.class)
class LoadBalancedJwksIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void userService(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri",
				() -> TestTokens.jwksServer().toString());
	}

	@Test
	void validatesTokensWithKeysFetchedFromUserServiceByName() throws Exception {
		assertThat(get(TestTokens.user(UUID.randomUUID())).statusCode()).isEqualTo(200);
		assertThat(get(TestTokens.wrongSignature(UUID.randomUUID())).statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> get(String token) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/ping"))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
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
