package com.example.platform.gateway;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers the shop's request inspector reads from the gateway: the route, the retries
 * and the trace, and none of them when {@code platform.diagnostic-headers.enabled} is off
 * (the production overlay).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "management.server.port=0",
				"platform.diagnostic-headers.trace-url=http://traces.test/trace/{traceId}" })
@AutoConfigureWebTestClient
class GatewayDiagnosticHeadersIT {

	// Answers 503 to the first request for each path, as a draining instance does, and
	// 200 from then on: the gateway's retry turns that into one answer.
	private static final Set<String> seen = ConcurrentHashMap.newKeySet();

	private static final HttpStandIn orderService = HttpStandIn.start(GatewayDiagnosticHeadersIT::answer);

	private static final String TOKEN = TestTokens.user(UUID.randomUUID());

	private WebTestClient client;

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", orderService::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.user-service[0].uri", orderService::uri);
		registry.add("platform.security.jwk-set-uri", () -> orderService.uri() + TestTokens.JWKS_PATH);
		TestRedis.register(registry);
	}

	@AfterAll
	static void stopServers() {
		orderService.close();
	}

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		this.client = client.mutate().defaultHeaders((headers) -> headers.setBearerAuth(TOKEN)).build();
	}

	@Test
	void namesTheRouteTheRetriesAndTheTrace() {
		String traceId = UUID.randomUUID().toString().replace("-", "");

		HttpHeaders headers = get("/api/orders/" + UUID.randomUUID(), "00-" + traceId + "-00f067aa0ba902b7-01");

		assertThat(headers.getFirst("X-Gateway-Route")).isEqualTo("order-service");
		assertThat(headers.getFirst("X-Gateway-Retries")).as("the 503 was retried once").isEqualTo("1");
		assertThat(headers.getFirst("X-Served-By")).isEqualTo("order-service-1");
		assertThat(headers.getFirst("X-Trace-Id")).isEqualTo(traceId);
		assertThat(headers.getFirst("X-Trace-Url")).isEqualTo("http://traces.test/trace/" + traceId);
	}

	@Test
	void linksNoTraceThatWasNotSampled() {
		String traceId = UUID.randomUUID().toString().replace("-", "");

		HttpHeaders headers = get("/api/orders/" + UUID.randomUUID(), "00-" + traceId + "-00f067aa0ba902b7-00");

		assertThat(headers.getFirst("X-Trace-Id")).isEqualTo(traceId);
		assertThat(headers.containsHeader("X-Trace-Url")).isFalse();
	}

	@Test
	void anAnswerAtTheFirstAttemptCountsNoRetry() {
		String path = "/api/users/" + UUID.randomUUID();
		seen.add(path);

		HttpHeaders headers = get(path, null);

		assertThat(headers.getFirst("X-Gateway-Route")).isEqualTo("user-service");
		assertThat(headers.getFirst("X-Gateway-Retries")).isEqualTo("0");
		assertThat(headers.getFirst("X-Trace-Id")).matches("[0-9a-f]{32}");
	}

	private HttpHeaders get(String path, String traceparent) {
		return this.client.get().uri(path).headers((headers) -> {
			if (traceparent != null) {
				headers.set("traceparent", traceparent);
			}
		}).exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders();
	}

	private static Response answer(Request request) {
		if (request.path().equals(TestTokens.JWKS_PATH)) {
			return Response.json(200, TestTokens.jwks());
		}
		if (seen.add(request.path())) {
			return Response.empty(503);
		}
		return Response.json(200, "{}").withHeader("X-Served-By", "order-service-1");
	}

	@Nested
	@TestPropertySource(properties = "platform.diagnostic-headers.enabled=false")
	class SwitchedOff {

		@Test
		void revealNothing() {
			HttpHeaders headers = get("/api/orders/" + UUID.randomUUID(),
					"00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01");

			assertThat(headers.headerNames()).doesNotContain("X-Gateway-Route", "X-Gateway-Retries", "X-Trace-Id",
					"X-Trace-Url");
		}

	}

}
