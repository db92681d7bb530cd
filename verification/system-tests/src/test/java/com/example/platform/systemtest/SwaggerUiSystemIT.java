package com.example.platform.systemtest;

import java.time.Duration;
import java.util.Map;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.systemtest.SwaggerUi.Shown;
import com.example.platform.testsupport.browser.Browser;
import com.example.platform.testsupport.browser.Viewport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Swagger UI at the gateway in a real browser (headless Chromium), as a user tries the
 * API: both services' documents listed, a token from the real login typed into
 * "Authorize", a read and a write executed with it, their answers read off the page and
 * the write seen through the API, and not one console error or Content-Security-Policy
 * violation on the way. The screenshot in docs/api.md is taken here.
 */
@SharedPlatform(SharedPlatform.Kind.STEADY)
@Order(3)
class SwaggerUiSystemIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static LocalPlatform platform;

	static PlatformClient client;

	// The test's own requests and answers, checked against docs/api/.
	static ApiContract contract;

	static Browser browser;

	@BeforeAll
	static void connect(LocalPlatform shared) {
		platform = shared;
		client = new PlatformClient(platform);
		contract = ApiContract.of(platform);
		client.onExchange(contract);
		browser = Browser.open(Viewport.DESKTOP);
	}

	@AfterAll
	static void close() {
		if (browser != null) {
			browser.close();
		}
		if (contract != null) {
			assertThat(contract.violations()).as("answers and accepted requests that break the OpenAPI documents")
				.isEmpty();
		}
	}

	@Test
	void aUserAuthorisesWithATokenAndTriesAReadAndAWriteThroughTheGateway() {
		// The first build of a document, on a loaded machine, once outlasted the
		// gateway's
		// response timeout (Swagger UI: "Failed to load API definition"): this test is
		// about the page, so the services answer their documents first.
		for (String service : new String[] { "user-service", "order-service" }) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> client.anonymous().get("/v3/api-docs/" + service).status() == 200);
		}
		SwaggerUi swaggerUi = SwaggerUi.open(browser, platform.gatewayUri());
		assertThat(swaggerUi.definitions()).containsExactly("user-service", "order-service");
		assertThat(swaggerUi.show("order-service")).contains("POST /api/orders", "GET /api/orders/{id}");
		assertThat(swaggerUi.show("user-service")).contains("GET /api/users/{id}", "PUT /api/users/{id}");

		// A token from the real login, as docs/api.md tells a user to get one.
		ApiSession user = client.register("swagger-ui");
		String path = "/api/users/" + user.userId();
		// Swagger UI sends no consistency token: wait until a replica has the new user.
		ApiResponse stored = await().atMost(Duration.ofSeconds(30))
			.until(() -> user.get(path), (response) -> response.status() == 200);
		swaggerUi.authorize(user.token());

		Shown read = swaggerUi.tryOut("users", "find", Map.of("id", user.userId()), null);
		assertThat(read.status()).as("%s %s", read.body(), browser.problems()).isEqualTo(200);
		JsonNode shownUser = JSON.readTree(read.body());
		assertThat(shownUser.path("id").asString()).isEqualTo(user.userId());
		assertThat(shownUser.path("email").asString()).isEqualTo(user.email());
		browser.screenshot("swagger-ui");

		long version = JSON.readTree(stored.body()).path("version").asLong();
		Shown written = swaggerUi.tryOut("users", "update", Map.of("id", user.userId()), """
				{"email": "%s", "name": "Tried In Swagger", "version": %d}""".formatted(user.email(), version));
		assertThat(written.status()).as("%s %s", written.body(), browser.problems()).isEqualTo(200);
		assertThat(JSON.readTree(written.body()).path("name").asString()).isEqualTo("Tried In Swagger");
		assertThat(JSON.readTree(written.body()).path("version").asLong()).isGreaterThan(version);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(user.get(path).body()).contains("\"name\":\"Tried In Swagger\""));

		assertThat(browser.problems()).as("console errors and CSP violations").isEmpty();
	}

}
