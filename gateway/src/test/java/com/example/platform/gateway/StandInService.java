package com.example.platform.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestTokens;

/**
 * A service behind the gateway: records every request it receives and answers 200, or the
 * test JWKS at {@value TestTokens#JWKS_PATH}, as user-service would.
 */
final class StandInService implements AutoCloseable {

	private final String name;

	private final HttpStandIn server;

	StandInService(String name) {
		this.name = name;
		this.server = HttpStandIn
			.start((request) -> request.path().equals(TestTokens.JWKS_PATH) ? Response.json(200, TestTokens.jwks())
					: Response.json(200, "{\"service\":\"%s\",\"path\":\"%s\"}".formatted(name, request.path())));
	}

	String name() {
		return this.name;
	}

	String uri() {
		return this.server.uri().toString();
	}

	List<Received> received() {
		return this.server.received()
			.stream()
			.map((request) -> new Received(request.method(), request.path(), request.header("Authorization"),
					request.body()))
			.toList();
	}

	boolean receivedPath(String path) {
		return this.server.received().stream().anyMatch((request) -> request.path().equals(path));
	}

	@Override
	public void close() {
		this.server.close();
	}

	/**
	 * One request as the service saw it.
	 *
	 * @param method the method
	 * @param path the raw path
	 * @param authorization the Authorization header, if any
	 * @param body the request body
	 */
	record Received(String method, String path, String authorization, String body) {

		int bodyBytes() {
			return this.body.getBytes(StandardCharsets.UTF_8).length;
		}

	}

}
