package com.example.platform.order.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Just enough of user-service for order-service's existence check: 200 for users it was
 * told about, 404 for everything else. Can be stopped and started again on the same port
 * to play an outage.
 */
final class UserServiceStandIn {

	static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

	private final Set<UUID> knownUsers = ConcurrentHashMap.newKeySet();

	private final Set<UUID> slowUsers = ConcurrentHashMap.newKeySet();

	private final Set<UUID> failingUsers = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final Map<String, String> traceparents = new ConcurrentHashMap<>();

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

	/**
	 * A user that exists, but whose lookup answers only after {@link #SLOW_ANSWER}.
	 */
	UUID slowUser() {
		UUID id = knownUser();
		this.slowUsers.add(id);
		return id;
	}

	/**
	 * A user whose lookup fails with a 503 that invites a retry.
	 */
	UUID failingUser() {
		UUID id = UUID.randomUUID();
		this.failingUsers.add(id);
		return id;
	}

	int callsFor(UUID user) {
		AtomicInteger count = this.calls.get(user.toString());
		return (count != null) ? count.get() : 0;
	}

	/**
	 * The W3C {@code traceparent} header of the last lookup of a user.
	 */
	String traceparentFor(UUID user) {
		return this.traceparents.get(user.toString());
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
			// A slow answer must not hold up the others.
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void answer(HttpExchange exchange) throws IOException {
		String id = exchange.getRequestURI().getPath().substring("/api/users/".length());
		this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
		if (traceparent != null) {
			this.traceparents.put(id, traceparent);
		}
		if (matches(this.failingUsers, id)) {
			exchange.getResponseHeaders().add("Retry-After", "1");
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
			return;
		}
		if (matches(this.slowUsers, id)) {
			// Plays a stalled user-service; the client's read timeout should give up
			// first.
			try {
				Thread.sleep(SLOW_ANSWER);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		boolean known = "GET".equals(exchange.getRequestMethod()) && matches(this.knownUsers, id);
		byte[] body = known ? "{\"id\":\"%s\"}".formatted(id).getBytes() : new byte[0];
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(known ? 200 : 404, (body.length > 0) ? body.length : -1);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static boolean matches(Set<UUID> users, String id) {
		return users.stream().anyMatch((user) -> user.toString().equals(id));
	}

}
