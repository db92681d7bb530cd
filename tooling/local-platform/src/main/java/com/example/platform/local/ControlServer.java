package com.example.platform.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's control endpoint, which the administrator console's drills reach through
 * the gateway: {@code POST /drills/{drill}[?target=instance]} stops or starts an
 * instance, pauses or resumes the replica's replay, stops or starts Redis or Kafka. It
 * listens on the loopback address only, on a port chosen at start, and only for the
 * platform's administrator ({@link AdminTokens}; 401 without a valid token, 403 for
 * another role). Every answer is JSON, every refusal problem+json.
 */
final class ControlServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

	private static final String PREFIX = "/drills/";

	private final HttpServer server;

	private final AdminTokens tokens;

	private final Map<String, Drill> drills;

	private ControlServer(HttpServer server, AdminTokens tokens, Map<String, Drill> drills) {
		this.server = server;
		this.tokens = tokens;
		this.drills = Map.copyOf(drills);
	}

	/**
	 * Listens on a free loopback port.
	 * @param tokens who may call it
	 * @param drills what it runs, by name
	 * @return the running endpoint
	 */
	static ControlServer start(AdminTokens tokens, Map<String, Drill> drills) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			ControlServer control = new ControlServer(server, tokens, drills);
			server.createContext("/", control::handle);
			// Drills wait for processes to stop or start: one at a time is enough, and
			// keeps two drills from racing on one instance.
			server.setExecutor(Executors.newSingleThreadExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "launcher-control");
				thread.setDaemon(true);
				return thread;
			}));
			server.start();
			return control;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open the launcher's control endpoint", ex);
		}
	}

	/**
	 * @return where it listens, e.g. {@code http://127.0.0.1:40123}
	 */
	URI uri() {
		InetSocketAddress address = this.server.getAddress();
		return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			switch (this.tokens.check(exchange.getRequestHeaders().getFirst("Authorization"))) {
				case ANONYMOUS -> {
					exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
					problem(exchange, 401, "A valid administrator's bearer token is required");
					return;
				}
				case NOT_ADMIN -> {
					problem(exchange, 403, "Only the administrator may run drills");
					return;
				}
				case ADMIN -> {
				}
			}
			if (!path.startsWith(PREFIX)) {
				problem(exchange, 404, "No such path " + path + "; drills are at POST " + PREFIX + "{drill}");
				return;
			}
			String name = path.substring(PREFIX.length());
			Drill drill = this.drills.get(name);
			if (drill == null) {
				problem(exchange, 404,
						"No drill '" + name + "'; known: " + this.drills.keySet().stream().sorted().toList());
				return;
			}
			if (!exchange.getRequestMethod().equals("POST")) {
				exchange.getResponseHeaders().set("Allow", "POST");
				problem(exchange, 405, "Drills are run with POST");
				return;
			}
			String target = target(exchange.getRequestURI());
			log.info("Drill {}{} requested by the administrator", name, (target != null) ? " on " + target : "");
			String done = drill.run(target);
			send(exchange, 200, "application/json", "{\"drill\":" + quoted(name) + ",\"target\":"
					+ ((target != null) ? quoted(target) : "null") + ",\"done\":" + quoted(done) + "}");
		}
		catch (IllegalArgumentException ex) {
			problem(exchange, 400, ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("Drill failed", ex);
			problem(exchange, 500, "The drill failed: " + ex.getMessage());
		}
	}

	private static String target(URI uri) {
		String query = uri.getRawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith("target=")) {
				return URLDecoder.decode(pair.substring("target=".length()), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
		send(exchange, status, "application/problem+json",
				"{\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":" + quoted(detail) + ",\"instance\":"
						+ quoted(exchange.getRequestURI().getPath()) + "}");
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static String quoted(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char character : text.toCharArray()) {
			switch (character) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (character < 0x20) {
						json.append("\\u%04x".formatted((int) character));
					}
					else {
						json.append(character);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One drill: what it did, in a sentence; an IllegalArgumentException for a bad
	 * target.
	 */
	@FunctionalInterface
	interface Drill {

		String run(String target);

	}

}
