package com.example.platform.gateway;

import java.util.List;
import java.util.UUID;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Request;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The administrator console's API and page against real HTTP: a user-service instance
 * (traffic and management ports apart, as deployed), a registered instance that refuses
 * connections, a stand-in for the local launcher's control endpoint, a real Redis for the
 * rate limiters, tokens from {@link TestTokens}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "management.server.port=0" })
@AutoConfigureWebTestClient
class GatewayConsoleIT {

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final String METERS = """
			# TYPE cache_gets_total counter
			cache_gets_total{cache="users",result="hit"} 3.0
			cache_gets_total{cache="users",result="miss"} 1.0
			db_replica_lag_seconds{replica="replica-1"} 0.5
			db_replica_in_rotation{replica="replica-1"} 1.0
			""";

	private static final HttpStandIn userService = HttpStandIn.start(GatewayConsoleIT::userService);

	private static final HttpStandIn userServiceManagement = HttpStandIn.start((request) -> switch (request.path()) {
		case "/actuator/health" -> Response.json(200, "{\"status\":\"UP\",\"groups\":[\"liveness\"]}");
		case "/actuator/prometheus" -> Response.of(200, "text/plain;version=0.0.4", METERS);
		default -> Response.json(404, "{}");
	});

	private static final int refusingPort = HttpStandIn.refusingPort();

	private static final HttpStandIn launcher = HttpStandIn
		.start((request) -> request.path().equals("/drills/stop-instance")
				? Response.json(200, "{\"drill\":\"stop-instance\",\"target\":\"user-service:1\",\"done\":\"stopped\"}")
				: Response.of(404, PROBLEM_JSON, "{\"status\":404,\"detail\":\"No drill\"}"));

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void platform(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.discovery.client.simple.instances.";
		registry.add(prefix + "user-service[0].uri", userService::uri);
		registry.add(prefix + "user-service[0].instance-id", () -> "user-service:1");
		registry.add(prefix + "user-service[0].metadata[management.port]", userServiceManagement::port);
		registry.add(prefix + "user-service[1].uri", () -> "http://127.0.0.1:" + refusingPort);
		registry.add(prefix + "user-service[1].instance-id", () -> "user-service:2");
		registry.add("platform.security.jwk-set-uri", () -> userService.uri() + TestTokens.JWKS_PATH);
		registry.add("platform.gateway.console.launcher", launcher::uri);
		TestRedis.register(registry);
	}

	@AfterAll
	static void stopServers() {
		List.of(userService, userServiceManagement, launcher).forEach(HttpStandIn::close);
	}

	private static Response userService(Request request) {
		if (request.path().equals(TestTokens.JWKS_PATH)) {
			return Response.json(200, TestTokens.jwks());
		}
		if (request.path().equals("/api/admin/faults")) {
			return request.method().equals("DELETE") ? Response.empty(204)
					: Response.json(200, "{\"latency\":\"PT1.5S\",\"errorRate\":0.0}");
		}
		return Response.json(200, "{}");
	}

	@Test
	void refusesTheTopologyWithoutATokenAndToANonAdministrator() {
		this.client.get()
			.uri("/api/admin/console/topology")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(PROBLEM_JSON);
		this.client.get()
			.uri("/api/admin/console/topology")
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(PROBLEM_JSON);
		this.client.post()
			.uri("/api/admin/console/drills/stop-redis")
			.headers((headers) -> headers.setBearerAuth(TestTokens.user(UUID.randomUUID())))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(launcher.received()).noneMatch((request) -> request.path().equals("/drills/stop-redis"));
	}

	@Test
	void showsEachInstancesHealthMetersAndEjection() {
		String admin = TestTokens.admin();
		// Round robin over both instances: the refusing one is tried, refuses and is
		// ejected; the retry lands on the other.
		for (int i = 0; i < 4; i++) {
			this.client.get()
				.uri("/api/users/" + UUID.randomUUID())
				.headers((headers) -> headers.setBearerAuth(admin))
				.exchange()
				.expectStatus()
				.isOk();
		}

		this.client.get()
			.uri("/api/admin/console/topology")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.environment")
			.isEqualTo("LOCAL")
			.jsonPath("$.launcherDrills")
			.isEqualTo(true)
			.jsonPath("$.collectedAt")
			.isNotEmpty()
			.jsonPath("$.services[?(@.name == 'user-service')].instances.length()")
			.isEqualTo(2)
			.jsonPath("$.services[0].instances[0].id")
			.isEqualTo("user-service:1")
			.jsonPath("$.services[0].instances[0].health")
			.isEqualTo("UP")
			.jsonPath("$.services[0].instances[0].ejectedUntil")
			.doesNotExist()
			.jsonPath("$.services[0].instances[0].metrics.cacheHitRatio")
			.isEqualTo(0.75)
			.jsonPath("$.services[0].instances[0].metrics.replicas[0].inRotation")
			.isEqualTo(true)
			.jsonPath("$.services[0].instances[1].id")
			.isEqualTo("user-service:2")
			.jsonPath("$.services[0].instances[1].health")
			.isEqualTo("UNREACHABLE")
			.jsonPath("$.services[0].instances[1].ejectedUntil")
			.isNotEmpty()
			.jsonPath("$.services[0].instances[1].problem")
			.value((problem) -> assertThat(problem.toString()).startsWith("management port did not answer"))
			.jsonPath("$.gateway.routeBreakers[?(@.name == 'user-service')].state")
			.isEqualTo("closed")
			.jsonPath("$.gateway.rateLimiterErrors")
			.isMap();
	}

	@Test
	void passesFaultsToTheNamedInstanceWithTheAdministratorsToken() {
		String admin = TestTokens.admin();
		this.client.put()
			.uri("/api/admin/console/instances/user-service:1/faults")
			.headers((headers) -> headers.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"latency\":\"PT1.5S\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.latency")
			.isEqualTo("PT1.5S");
		this.client.delete()
			.uri("/api/admin/console/instances/user-service:1/faults")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isNoContent();

		assertThat(userService.received()).filteredOn((request) -> request.path().equals("/api/admin/faults"))
			.extracting(Request::method, (request) -> request.header(HttpHeaders.AUTHORIZATION), Request::body)
			.containsExactly(tuple("PUT", "Bearer " + admin, "{\"latency\":\"PT1.5S\"}"),
					tuple("DELETE", "Bearer " + admin, ""));
	}

	@Test
	void answersAnUnknownInstanceWithAProblem() {
		this.client.delete()
			.uri("/api/admin/console/instances/user-service:9/faults")
			.headers((headers) -> headers.setBearerAuth(TestTokens.admin()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("No registered instance 'user-service:9'; the topology lists the ids");
	}

	@Test
	void passesDrillsToTheLauncherWithTheAdministratorsTokenAndRelaysItsAnswer() {
		String admin = TestTokens.admin();
		this.client.post()
			.uri("/api/admin/console/drills/stop-instance?target=user-service:1")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.done")
			.isEqualTo("stopped");
		this.client.post()
			.uri("/api/admin/console/drills/stop-everything")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(PROBLEM_JSON);

		assertThat(launcher.received()).filteredOn((request) -> request.path().startsWith("/drills/stop-instance"))
			.singleElement()
			.satisfies((request) -> {
				assertThat(request.method()).isEqualTo("POST");
				// Encoded as a query value; the launcher decodes it.
				assertThat(request.query()).isEqualTo("target=user-service%3A1");
				assertThat(request.header(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + admin);
			});
	}

	@Test
	void servesThePageAndItsFilesUnderAPolicyThatAllowsOnlyTheGatewaysOwnFiles() {
		for (String path : List.of("/console/", "/console/console.js", "/console/drills.js", "/console/console.css")) {
			this.client.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Content-Security-Policy",
						"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
								+ "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
		}
		this.client.get()
			.uri("/console/")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<script type=\"module\" src=\"/console/console.js\">")
				.doesNotContain("style="));
		this.client.get()
			.uri("/console/console.js")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
	}

}
