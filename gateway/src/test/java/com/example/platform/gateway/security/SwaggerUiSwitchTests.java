package com.example.platform.gateway.security;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SwaggerUiSwitchTests {

	@Test
	void offAnswersNotFoundForThePageItsFilesAndTheDocuments() {
		SwaggerUiSwitch off = new SwaggerUiSwitch(new SwaggerUiProperties(false));
		for (String path : new String[] { "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js",
				"/webjars/swagger-ui/5.34.0/swagger-ui-bundle.js", "/v3/api-docs/user-service" }) {
			AtomicBoolean passed = new AtomicBoolean();
			ResponseStatusException refused = catchThrowableOfType(ResponseStatusException.class,
					() -> off.filter(exchange(path), (exchange) -> pass(passed)).block());
			assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(passed).as(path).isFalse();
		}
	}

	@Test
	void offLeavesTheShopTheConsoleAndTheApiAlone() {
		SwaggerUiSwitch off = new SwaggerUiSwitch(new SwaggerUiProperties(false));
		for (String path : new String[] { "/", "/shop/app.js", "/console/", "/api/products" }) {
			AtomicBoolean passed = new AtomicBoolean();
			off.filter(exchange(path), (exchange) -> pass(passed)).block();
			assertThat(passed).as(path).isTrue();
		}
	}

	@Test
	void onPassesEverything() {
		AtomicBoolean passed = new AtomicBoolean();
		new SwaggerUiSwitch(new SwaggerUiProperties(true))
			.filter(exchange("/swagger-ui/index.html"), (exchange) -> pass(passed))
			.block();
		assertThat(passed).isTrue();
	}

	private static Mono<Void> pass(AtomicBoolean passed) {
		passed.set(true);
		return Mono.empty();
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.get(path));
	}

}
