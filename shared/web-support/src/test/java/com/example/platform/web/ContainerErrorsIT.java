package com.example.platform.web;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors that a real Tomcat raises or shapes before or around Spring MVC: each must still
 * be a 4xx {@code application/problem+json} with a {@code detail}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=sample-service", "platform.web.header-read-timeout=2s",
				"platform.web.body-read-timeout=2s" })
@Import(ContainerErrorsIT.SampleController.class)
@ImportAutoConfiguration(WebSupportAutoConfiguration.class)
class ContainerErrorsIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void refusesAWildcardContentTypeWith415OnPostAndPut() throws Exception {
		for (String contentType : new String[] { "*/*", "application/*", "*/*; charset=UTF-8", "not a type" }) {
			for (String method : new String[] { "POST", "PUT" }) {
				HttpResponse<String> response = send(request("/samples").header("Content-Type", contentType)
					.method(method, HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
				assertProblem(response, 415);
				assertThat(response.body()).contains("application/json");
			}
		}
		assertThat(send(request("/samples").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))).statusCode()).isEqualTo(200);
	}

	@Test
	void answersAnErrorSentToTheContainerWithItsOwnStatusAsAProblem() throws Exception {
		HttpResponse<String> response = send(request("/samples/container-error").GET());
		assertProblem(response, 400);
		assertThat(response.body()).doesNotContain("static resource")
			.contains("\"instance\":\"/samples/container-error\"");
	}

	@Test
	void answersTheErrorPathItselfAsAProblem() throws Exception {
		HttpResponse<String> response = send(request("/error").GET());
		assertThat(response.statusCode()).isBetween(400, 599);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void refusesTooManyHeadersWithAProblem() throws Exception {
		StringBuilder headers = new StringBuilder();
		for (int i = 0; i < 150; i++) {
			headers.append("X-Filler-").append(i).append(": x\r\n");
		}
		String response = raw("GET /samples HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n");
		assertRawProblem(response, 400);
	}

	@Test
	void refusesAHeaderValueThatIsNotAsciiWithAProblem() throws Exception {
		String response = raw(
				"POST /samples HTTP/1.1\r\nHost: localhost\r\nIdempotency-Key: \u043a\u043b\u044e\u0447\r\n"
						+ "Content-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{\"name\":\"x\"}");
		assertThat(response).startsWith("HTTP/1.1 ");
		int status = Integer.parseInt(response.substring(9, 12));
		if (status >= 400) {
			assertRawProblem(response, status);
		}
	}

	@Test
	void cutsOffAClientThatStopsSendingHeaders() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream().write("GET /samples HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes());
			socket.getOutputStream().flush();
			socket.setSoTimeout(30_000);
			long start = System.nanoTime();
			// Tomcat closes the connection: the read ends (nothing or a 408/400 is sent).
			socket.getInputStream().readAllBytes();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		}
	}

	@Test
	void cutsOffAClientThatStopsSendingTheBody() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.getOutputStream()
				.write("POST /samples HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na"
					.getBytes());
			socket.getOutputStream().flush();
			socket.setSoTimeout(30_000);
			long start = System.nanoTime();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
			if (!response.isEmpty()) {
				assertThat(response).matches("(?s)HTTP/1.1 4\\d\\d.*").contains("application/problem+json");
			}
		}
	}

	// What curl or an attacker sends, byte for byte: java.net.http refuses to.
	private String raw(String request) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void assertRawProblem(String response, int status) {
		assertThat(response).startsWith("HTTP/1.1 " + status);
		assertThat(response.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
		assertThat(response).contains("\"detail\"").doesNotContain("<html");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"detail\"");
	}

	@SpringBootApplication
	static class SampleApplication {

	}

	record Sample(String name) {
	}

	@RestController
	static class SampleController {

		@PostMapping("/samples")
		Sample create(@RequestBody Sample sample) {
			return sample;
		}

		@GetMapping("/samples/container-error")
		void containerError(HttpServletResponse response) throws IOException {
			response.sendError(400);
		}

		@PutMapping("/samples")
		Sample replace(@RequestBody Sample sample) {
			return sample;
		}

	}

}
