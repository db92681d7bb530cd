package com.example.platform.order.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Just enough of user-service for order-service's existence check: 200 for users it was
 * told about, 404 for everything else. Can be stopped and started again on the same port
 * to play an outage.
 */
final class UserServiceStandIn {

	private final Set<UUID> knownUsers = ConcurrentHashMap.newKeySet();

	private HttpServer server;

	private final int port;

	private UserServiceStandIn() {
		this.server = listen(0);
		this.port = this.server.getAddress().getPort();
	}

	static UserServiceStandIn start() {
		return new UserServiceStandIn();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	UUID knownUser() {
		UUID id = UUID.randomUUID();
		this.knownUsers.add(id);
		return id;
	}

	synchronized void stop() {
		this.server.stop(0);
	}

	synchronized void restart() {
		this.server = listen(this.port);
	}

	private HttpServer listen(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			server.createContext("/api/users/", this::answer);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		String id = exchange.getRequestURI().getPath().substring("/api/users/".length());
		boolean known = "GET".equals(exchange.getRequestMethod()) && this.knownUsers.stream()
			.anyMatch((user) -> user.toString().equals(id));
		byte[] body = known ? "{\"id\":\"%s\"}".formatted(id).getBytes() : new byte[0];
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(known ? 200 : 404, (body.length > 0) ? body.length : -1);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

}
