package com.example.platform.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.example.platform.local.Exchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RecordingProxyTests {

	private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

	private final Queue<String> seenByServer = new ConcurrentLinkedQueue<>();

	private HttpServer server;

	private RecordingProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/api/", (exchange) -> {
			byte[] sent = exchange.getRequestBody().readAllBytes();
			this.seenByServer.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
					+ exchange.getRequestHeaders().getFirst("Connection") + " "
					+ new String(sent, StandardCharsets.UTF_8));
			byte[] body = "{\"id\":\"42\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("X-Served-By", "user-service:1");
			// Length 0: a chunked answer, whose body the proxy must reassemble.
			boolean chunked = exchange.getRequestURI().getQuery() != null;
			exchange.sendResponseHeaders(201, chunked ? 0 : body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
		this.proxy = RecordingProxy.start(this.exchanges::add);
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.server.stop(0);
	}

	@Test
	void relaysARequestAndItsAnswerAndRecordsBoth() throws Exception {
		HttpResponse<String> response = send("/api/users", "{\"name\":\"Ada\"}");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"id\":\"42\"}");
		assertThat(response.headers().firstValue("X-Served-By")).hasValue("user-service:1");
		assertThat(this.seenByServer).containsExactly("POST /api/users close {\"name\":\"Ada\"}");
		await().until(() -> !this.exchanges.isEmpty());
		Exchange exchange = this.exchanges.peek();
		assertThat(exchange.method()).isEqualTo("POST");
		assertThat(exchange.uri()).isEqualTo(URI.create(base() + "/api/users"));
		assertThat(exchange.requestBody()).isEqualTo("{\"name\":\"Ada\"}");
		assertThat(exchange.requestHeaders()).containsEntry("Content-Type", List.of("application/json"));
		assertThat(exchange.response().status()).isEqualTo(201);
		assertThat(exchange.response().body()).isEqualTo("{\"id\":\"42\"}");
		assertThat(exchange.response().header("x-served-by")).isEqualTo("user-service:1");
	}

	@Test
	void recordsTheBodyOfAChunkedAnswerWhole() throws Exception {
		HttpResponse<String> response = send("/api/users?page=0", "{}");

		assertThat(response.body()).isEqualTo("{\"id\":\"42\"}");
		await().until(() -> !this.exchanges.isEmpty());
		assertThat(this.exchanges.peek().response().body()).isEqualTo("{\"id\":\"42\"}");
		assertThat(this.exchanges.peek().uri().getRawQuery()).isEqualTo("page=0");
	}

	// As curl sends a large body: the server may refuse it on sight, and the body is then
	// never sent (the gateway's 413 for an oversized body).
	@Test
	void relaysAnAnswerGivenBeforeTheBodyOfARequestThatExpectsContinue() throws Exception {
		try (ServerSocket refusing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread.ofVirtual().start(() -> {
				try (Socket connection = refusing.accept()) {
					InputStream in = connection.getInputStream();
					StringBuilder head = new StringBuilder();
					while (!head.toString().endsWith("\r\n\r\n")) {
						head.append((char) in.read());
					}
					this.seenByServer.add(head.toString());
					connection.getOutputStream()
						.write("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			URI proxyAddress = URI.create(this.proxy.environment().get("http_proxy"));
			try (Socket curl = new Socket(proxyAddress.getHost(), proxyAddress.getPort())) {
				curl.getOutputStream()
					.write(("POST http://localhost:" + refusing.getLocalPort() + "/api/users HTTP/1.1\r\n"
							+ "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
							+ "Expect: 100-continue\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

				assertThat(answer).startsWith("HTTP/1.1 413 Payload Too Large\r\n");
			}
		}
		assertThat(this.seenByServer).singleElement()
			.asString()
			.startsWith("POST /api/users HTTP/1.1\r\n")
			.contains("Expect: 100-continue\r\n", "Connection: close\r\n");
		await().until(() -> !this.exchanges.isEmpty());
		assertThat(this.exchanges.peek().response().status()).isEqualTo(413);
		assertThat(this.exchanges.peek().requestBody()).isNull();
	}

	@Test
	void tellsTheShellsCurlToUseItForLocalhostToo() {
		assertThat(this.proxy.environment()).containsEntry("no_proxy", "")
			.hasEntrySatisfying("http_proxy", (address) -> assertThat(address).startsWith("http://127.0.0.1:"));
	}

	private HttpResponse<String> send(String path, String body) throws IOException, InterruptedException {
		URI proxyAddress = URI.create(this.proxy.environment().get("http_proxy"));
		try (HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.proxy(ProxySelector.of(new InetSocketAddress(proxyAddress.getHost(), proxyAddress.getPort())))
			.build()) {
			return client.send(HttpRequest.newBuilder(URI.create(base() + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
	}

	private String base() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

}
