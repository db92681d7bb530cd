package com.example.platform.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.example.platform.testsupport.TestTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A service behind the gateway: records every request it receives and answers 200, or the
 * test JWKS at {@value TestTokens#JWKS_PATH}, as user-service would.
 */
final class StandInService implements AutoCloseable {

	private final String name;

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	StandInService(String name) {
		this.name = name;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				handle(exchange);
			}
		});
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.start();
	}

	String name() {
		return this.name;
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	boolean receivedPath(String path) {
		return this.received.stream().anyMatch((request) -> request.path().equals(path));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String path = exchange.getRequestURI().getRawPath();
		this.received.add(new Received(exchange.getRequestMethod(), path,
				exchange.getRequestHeaders().getFirst("Authorization"), new String(body, StandardCharsets.UTF_8)));
		if (path.equals(TestTokens.JWKS_PATH)) {
			respond(exchange, TestTokens.jwks());
			return;
		}
		respond(exchange, "{\"service\":\"%s\",\"path\":\"%s\"}".formatted(this.name, path));
	}

	private static void respond(HttpExchange exchange, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
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
