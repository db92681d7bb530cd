package com.example.platform.systemtest;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator the system tests run every exchange through is wired to the committed
 * documents and bites: a wrong answer is reported, a right one is not.
 */
class ApiContractTests {

	private static final int GATEWAY_PORT = 8080;

	private static final String USER_ID = UUID.randomUUID().toString();

	private final ApiContract contract = new ApiContract(ApiContract.committedDocuments(), GATEWAY_PORT,
			(port) -> (port == 8081) ? "user-service" : null);

	@Test
	void acceptsAnAnswerAsDocumented() {
		this.contract.accept(exchange("GET", "/api/users/" + USER_ID, 200, userJson(USER_ID)));

		assertThat(this.contract.violations()).isEmpty();
	}

	@Test
	void reportsAnAnswerWhoseBodyBreaksTheSchema() {
		this.contract.accept(exchange("GET", "/api/users/" + USER_ID, 200, userJson("not-a-uuid")));

		assertThat(this.contract.violations()).singleElement().asString().contains("GET /api/users/" + USER_ID, "id");
	}

	@Test
	void reportsAnUndocumentedStatus() {
		this.contract.accept(exchange("DELETE", "/api/users/" + USER_ID, 418, problem(418)));

		assertThat(this.contract.violations()).singleElement().asString().contains("418");
	}

	@Test
	void reportsAnErrorWithoutABody() {
		this.contract.accept(exchange("GET", "/api/users/x%27", 400, ""));

		assertThat(this.contract.violations()).singleElement().asString().contains("validation.response.body.missing");
	}

	@Test
	void leavesOnlyTheKnownGapOfUrlsTomcatRefuses() {
		this.contract.accept(exchange("GET", "/api/users/1%3B%20SELECT", 400, ""));

		assertThat(this.contract.violations()).isEmpty();
	}

	@Test
	void reportsAnErrorThatIsNotAProblem() {
		this.contract.accept(exchange("GET", "/api/users/" + USER_ID, 404, "{\"status\":\"gone\"}"));

		assertThat(this.contract.violations()).isNotEmpty();
	}

	// Invalid requests are sent on purpose; refused, they are not the contract's concern.
	@Test
	void ignoresAnInvalidRequestThatWasRefused() {
		this.contract.accept(exchange("GET", "/api/users/" + USER_ID + "?page=-1", 400, problem(400)));

		assertThat(this.contract.violations()).isEmpty();
	}

	@Test
	void reportsAnInvalidRequestThatWasAccepted() {
		this.contract.accept(exchange("GET", "/api/users?page=0&size=1000", 200,
				"{\"items\":[],\"page\":0,\"size\":1000,\"totalElements\":0,\"totalPages\":0}"));

		assertThat(this.contract.violations()).anySatisfy((violation) -> assertThat(violation).contains("size"));
	}

	@Test
	void readsAnInstancesAdminPathAsTheGatewayServesIt() {
		this.contract.accept(new Exchange("POST", URI.create("http://localhost:8081/api/admin/dead-letters/replay"),
				Map.of(), null, response(401, problem(401))));

		assertThat(this.contract.violations()).isEmpty();
	}

	@Test
	void flagsAnOrderWithoutItsUserCheckReplayedOrNot() {
		// idempotency-support replays the header now
		// (platform.idempotency.replayed-headers),
		// so a replay is held to the same contract as the original answer.
		this.contract.accept(placed(Map.of("Idempotent-Replayed", List.of("true"))));
		this.contract.accept(placed(Map.of()));

		assertThat(this.contract.violations()).hasSize(2)
			.allSatisfy((violation) -> assertThat(violation).contains("X-User-Check"));
	}

	@Test
	void leavesOutTheFaultInjectionOfADrillAtAnInstance() {
		this.contract.accept(new Exchange("PUT", URI.create("http://localhost:8081/api/admin/faults"), Map.of(),
				"{\"latency\":\"PT2S\"}", response(200, "{\"latency\":\"PT2S\"}")));

		assertThat(this.contract.violations()).isEmpty();
	}

	@Test
	void leavesOutWhatIsNeitherTheGatewayNorAnInstance() {
		// Zipkin's API in the local run, for instance: no API document describes it.
		this.contract.accept(new Exchange("GET", URI.create("http://localhost:9411/api/v2/trace/abc"), Map.of(), null,
				response(200, "[]")));

		assertThat(this.contract.violations()).isEmpty();
	}

	private static Exchange exchange(String method, String path, int status, String body) {
		return new Exchange(method, URI.create("http://localhost:" + GATEWAY_PORT + path),
				Map.of("Authorization", List.of("Bearer x")), null, response(status, body));
	}

	// A 201 of POST /api/orders with every required header but X-User-Check.
	private static Exchange placed(Map<String, List<String>> extraHeaders) {
		String orderId = UUID.randomUUID().toString();
		String order = """
				{"id":"%s","userId":"%s","status":"PLACED","total":19.99,"version":0,\
				"createdAt":"2026-01-01T00:00:00Z","items":[{"sku":"BOOK-1","quantity":1,"unitPrice":19.99,\
				"lineTotal":19.99}]}""".formatted(orderId, USER_ID);
		Map<String, List<String>> headers = new HashMap<>(extraHeaders);
		headers.put("Content-Type", List.of("application/json"));
		headers.put("Location", List.of("/api/orders/" + orderId));
		return new Exchange("POST", URI.create("http://localhost:" + GATEWAY_PORT + "/api/orders"),
				Map.of("Authorization", List.of("Bearer x"), "Content-Type", List.of("application/json")), """
						{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}]}""".formatted(USER_ID),
				new ApiResponse(201, order, HttpHeaders.of(headers, (name, value) -> true)));
	}

	private static ApiResponse response(int status, String body) {
		String type = (status >= 400) ? "application/problem+json" : "application/json";
		return new ApiResponse(status, body,
				HttpHeaders.of(Map.of("Content-Type", List.of(type)), (name, value) -> true));
	}

	private static String userJson(String id) {
		return """
				{"id":"%s","email":"ada@example.com","name":"Ada","version":0,"createdAt":"2026-01-01T00:00:00Z",\
				"orderCount":0,"totalSpent":0}""".formatted(id);
	}

	private static String problem(int status) {
		return "{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":%d,\"detail\":\"x\"}".formatted(status);
	}

}
