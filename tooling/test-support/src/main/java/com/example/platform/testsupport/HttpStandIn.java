package com.example.platform.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP server on a loopback port that plays another service for the code under
 * test: it answers each request as its {@link Handler} says, remembers every request it
 * received, and can be stopped and started again on the same port to play an outage. Each
 * request runs on its own virtual thread, so a handler that holds one answer back does
 * not hold up the others. The JDK's own server: nothing to keep up to date.
 */
public final class HttpStandIn implements AutoCloseable {

	private final Handler handler;

	private final SSLContext tls;

	private final boolean needClientCertificate;

	private final List<Request> received = new CopyOnWriteArrayList<>();

	private final int port;

	private HttpServer server;

	private HttpStandIn(Handler handler, SSLContext tls, boolean needClientCertificate) {
		this.handler = handler;
		this.tls = tls;
		this.needClientCertificate = needClientCertificate;
		this.server = listen(0);
		this.port = this.server.getAddress().getPort();
	}

	/**
	 * Starts a stand-in on a free loopback port.
	 * @param handler how it answers
	 * @return the running stand-in
	 */
	public static HttpStandIn start(Handler handler) {
		return new HttpStandIn(handler, null, false);
	}

	/**
	 * Starts a stand-in that speaks HTTPS only.
	 * @param handler how it answers
	 * @param tls its certificate and the CA it trusts clients from
	 * @param needClientCertificate whether it requires a client certificate its context
	 * trusts, as the platform's applications do with mutual TLS on (then a request that
	 * arrives proves the caller presented one), or takes any caller, as an impostor would
	 * @return the running stand-in
	 */
	public static HttpStandIn startHttps(Handler handler, SSLContext tls, boolean needClientCertificate) {
		return new HttpStandIn(handler, tls, needClientCertificate);
	}

	/**
	 * A loopback port nothing listens on: bound once, then released, so that connecting
	 * to it is refused as by a stopped instance.
	 * @return the port
	 */
	public static int refusingPort() {
		HttpStandIn standIn = start((request) -> Response.empty(500));
		standIn.stop();
		return standIn.port();
	}

	/**
	 * Its address.
	 * @return {@code http://127.0.0.1:port}, or {@code https://localhost:port} (the name
	 * a platform certificate carries) for an HTTPS stand-in
	 */
	public URI uri() {
		return URI.create((this.tls != null) ? "https://localhost:" + this.port : "http://127.0.0.1:" + this.port);
	}

	public int port() {
		return this.port;
	}

	/**
	 * Every request received so far, in order of arrival.
	 * @return the requests
	 */
	public List<Request> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Stops listening: connections are refused until {@link #restart()}.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	/**
	 * Listens again on the same port, if stopped.
	 */
	public synchronized void restart() {
		if (this.server == null) {
			this.server = listen(this.port);
		}
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	@Override
	public void close() {
		stop();
	}

	private HttpServer listen(int port) {
		try {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
			HttpServer server = (this.tls != null) ? httpsServer(address, this.tls, this.needClientCertificate)
					: HttpServer.create(address, 0);
			server.createContext("/", (exchange) -> {
				try (exchange) {
					answer(exchange);
				}
			});
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpsServer httpsServer(InetSocketAddress address, SSLContext tls, boolean needClientCertificate)
			throws IOException {
		HttpsServer server = HttpsServer.create(address, 0);
		server.setHttpsConfigurator(new HttpsConfigurator(tls) {

			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = tls.getDefaultSSLParameters();
				ssl.setNeedClientAuth(needClientCertificate);
				parameters.setSSLParameters(ssl);
			}

		});
		return server;
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
		Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
				exchange.getRequestURI().getRawQuery(), headers, body, exchange.getLocalAddress().getPort());
		this.received.add(request);
		Response response;
		try {
			response = this.handler.answer(request);
		}
		catch (Exception ex) {
			response = Response.of(500, "text/plain", ex.toString());
		}
		if (response.status() == 0) {
			// Closed without an answer, as a crashing instance does.
			return;
		}
		response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		if (response.body() == null) {
			exchange.sendResponseHeaders(response.status(), -1);
			return;
		}
		byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(response.status(), bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** How a stand-in answers a request. */
	@FunctionalInterface
	public interface Handler {

		/**
		 * The answer to one request; may take its time (a slow instance).
		 * @param request what was received
		 * @return the answer
		 * @throws Exception answered as a 500
		 */
		Response answer(Request request) throws Exception;

	}

	/**
	 * One request as the stand-in received it.
	 *
	 * @param method the method
	 * @param path the raw path
	 * @param query the raw query, or {@code null}
	 * @param headers the first value of each header, by lower-case name
	 * @param body the body, empty when there was none
	 * @param localPort the port it arrived on
	 */
	public record Request(String method, String path, String query, Map<String, String> headers, String body,
			int localPort) {

		public Request {
			headers = Map.copyOf(headers);
		}

		/**
		 * A header's first value.
		 * @param name its name, in any case
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the status, {@code 0} for none at all
	 * @param headers further response headers
	 * @param body the body, or {@code null} for none
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		public Response {
			headers = Map.copyOf(headers);
		}

		public static Response of(int status, String contentType, String body) {
			return new Response(status, Map.of("Content-Type", contentType), body);
		}

		public static Response json(int status, String body) {
			return of(status, "application/json", body);
		}

		public static Response empty(int status) {
			return new Response(status, Map.of(), null);
		}

		/**
		 * No answer: the connection is closed, as by an instance that crashed while
		 * handling the request.
		 * @return the non-answer
		 */
		public static Response none() {
			return new Response(0, Map.of(), null);
		}

		/**
		 * This answer with one more header.
		 * @param name the header
		 * @param value its value
		 * @return the new answer
		 */
		public Response withHeader(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(this.headers);
			more.put(name, value);
			return new Response(this.status, more, this.body);
		}

	}

}
