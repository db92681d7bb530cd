package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "management.server.port=0",
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=500ms" })
@AutoConfigureWebTestClient
class GatewayRoutingIT {

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final CountDownLatch releaseSlowResponses = new CountDownLatch(1);

	private static final HttpStandIn userServiceA = HttpStandIn.start(GatewayRoutingIT::answerAsUserService);

	private static final HttpStandIn userServiceB = HttpStandIn.start(GatewayRoutingIT::answerAsUserService);

	// Never answers until the tests are over, so the gateway's response timeout is what
	// ends the call.
	private static final HttpStandIn slowService = HttpStandIn.start((request) -> {
		releaseSlowResponses.await(30, TimeUnit.SECONDS);
		return Response.of(200, "text/plain", "too late");
	});

	// Accepts each connection and resets it at once, as a crashing instance does.
	private static final ServerSocket resettingService = resettingServer();

	// Bound once to reserve a port, then stopped: connecting to it is refused.
	private static final int stoppedServicePort = HttpStandIn.refusingPort();

	// Every /api/** request carries a valid token: routing, not security, is under test.
	private static final String TOKEN = TestTokens.user(UUID.randomUUID());

	private WebTestClient client;

	@LocalManagementPort
	private int managementPort;

	@BeforeEach
	void authenticate(@Autowired WebTestClient client) {
		this.client = client.mutate().defaultHeaders((headers) -> headers.setBearerAuth(TOKEN)).build();
	}

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.discovery.client.simple.instances.";
		registry.add(prefix + "user-service[0].uri", userServiceA::uri);
		registry.add(prefix + "user-service[1].uri", userServiceB::uri);
		registry.add("platform.security.jwk-set-uri", () -> userServiceA.uri() + TestTokens.JWKS_PATH);
		registry.add(prefix + "slow-service[0].uri", slowService::uri);
		registry.add(prefix + "stopped-service[0].uri", () -> "http://localhost:" + stoppedServicePort);
		registry.add(prefix + "resetting-service[0].uri", () -> "http://localhost:" + resettingService.getLocalPort());
		TestRedis.register(registry);
	}

	@AfterAll
	static void stopServers() {
		releaseSlowResponses.countDown();
		userServiceA.close();
		userServiceB.close();
		slowService.close();
		try {
			resettingService.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void roundRobinsAcrossAllInstances() {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			servedBy.add(this.client.get()
				.uri("/api/users/" + i)
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Served-By"));
		}
		assertThat(servedBy).containsOnly(servedBy(userServiceA), servedBy(userServiceB));
		assertThat(servedBy).filteredOn(servedBy(userServiceA)::equals).hasSize(10);
		for (int i = 1; i < servedBy.size(); i++) {
			assertThat(servedBy.get(i)).as("request %d", i).isNotEqualTo(servedBy.get(i - 1));
		}
	}

	// The service's spans join the caller's trace, as children of the gateway's own span.
	@Test
	void keepsItsRoutesWhenTheRegistryIsFetchedAgain(@Autowired ApplicationEventPublisher events,
			@Autowired RouteRebuilds rebuilds) {
		int before = rebuilds.count.get();
		// What the Eureka client publishes after every registry fetch, with a new value
		// each time.
		events.publishEvent(new HeartbeatEvent(this, 41L));
		events.publishEvent(new HeartbeatEvent(this, 42L));
		assertThat(rebuilds.count.get()).as("route rebuilds").isEqualTo(before);
		this.client.get().uri("/api/users/1").exchange().expectStatus().isOk();
	}

	@Test
	void continuesTheCallersTraceToTheService() {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String callerSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);

		// Retried because the first call to a fresh instance can exceed this test's short
		// response timeout on a busy machine; what matters is the forwarded header.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String received = this.client.get()
				.uri("/api/users/traced")
				.header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Received-Traceparent");

			assertThat(received).startsWith("00-" + traceId + "-").doesNotContain("-" + callerSpanId + "-");
		});
	}

	@Test
	void passesDownstreamProblemsThroughUntouched() {
		this.client.get()
			.uri("/api/users/missing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.json("""
					{"title": "Not Found", "status": 404, "detail": "No user missing", "from": "user-service"}
					""");
	}

	@Test
	void answers503WhenNoInstanceIsRegistered() {
		this.client.get()
			.uri("/api/orders/x")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.detail")
			.isEqualTo("No instance of order-service is available")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void answers502WhenTheInstanceResetsTheConnection() {
		this.client.get()
			.uri("/api/resetting/x")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not reach an instance of resetting-service");
	}

	@Test
	void answers502WhenTheInstanceRefusesConnections() {
		this.client.get()
			.uri("/api/stopped/x")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not reach an instance of stopped-service")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void answers504WhenTheInstanceDoesNotRespondInTime() {
		this.client.get()
			.uri("/api/slow/x")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("slow-service did not respond within the gateway's response timeout");
	}

	@Test
	void answers404ProblemForUnknownPaths() {
		this.client.get()
			.uri("/nope")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.detail")
			.isEqualTo("No route matches GET /nope")
			.jsonPath("$.instance")
			.isEqualTo("/nope");
	}

	@Test
	void doesNotServeActuatorOnThePublicPort() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM_JSON);
	}

	@Test
	void servesHealthAndMetricsOnTheManagementPort() {
		WebTestClient management = managementClient();
		management.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("application=\"gateway\""));
	}

	@Test
	void neverExposesTheGatewayOrOtherSensitiveEndpoints() {
		WebTestClient management = managementClient();
		management.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
		management.get().uri("/actuator/gateway").exchange().expectStatus().isNotFound();
		management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

	private WebTestClient managementClient() {
		// A scrape can outgrow WebClient's 256 KB default buffer.
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
	}

	private static Response answerAsUserService(Request request) {
		if (request.path().equals(TestTokens.JWKS_PATH)) {
			return Response.json(200, TestTokens.jwks());
		}
		String served = "user-service:" + request.localPort();
		if (request.path().equals("/api/users/missing")) {
			return Response.of(404, PROBLEM_JSON, """
					{"title": "Not Found", "status": 404, "detail": "No user missing", "from": "user-service"}
					""").withHeader("X-Served-By", served);
		}
		Response found = Response.of(200, "text/plain", served).withHeader("X-Served-By", served);
		String traceparent = request.header("traceparent");
		return (traceparent != null) ? found.withHeader("X-Received-Traceparent", traceparent) : found;
	}

	private static String servedBy(HttpStandIn server) {
		return "user-service:" + server.port();
	}

	private static ServerSocket resettingServer() {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread.ofVirtual().start(() -> {
				while (!server.isClosed()) {
					try (Socket socket = server.accept()) {
						socket.getInputStream().read();
						// Linger 0: close sends a TCP reset instead of a clean end of
						// stream.
						socket.setSoLinger(true, 0);
					}
					catch (IOException ex) {
						// Closed at the end of the tests, or the peer went away first.
					}
				}
			});
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestRoutes {

		@Bean
		RouteRebuilds routeRebuilds() {
			return new RouteRebuilds();
		}

		// Routes for failure scenarios only; the production routes come from
		// application.yml.
		@Bean
		RouteLocator failureRoutes(RouteLocatorBuilder routes) {
			return routes.routes()
				.route("slow-service", (route) -> route.path("/api/slow/**").uri("lb://slow-service"))
				.route("stopped-service", (route) -> route.path("/api/stopped/**").uri("lb://stopped-service"))
				.route("resetting-service", (route) -> route.path("/api/resetting/**").uri("lb://resetting-service"))
				.build();
		}

	}

	/** Counts the requests to rebuild the routes. */
	static final class RouteRebuilds implements ApplicationListener<RefreshRoutesEvent> {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public void onApplicationEvent(RefreshRoutesEvent event) {
			this.count.incrementAndGet();
		}

	}

}
