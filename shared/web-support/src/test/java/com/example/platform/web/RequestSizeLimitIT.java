package com.example.platform.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Tomcat, where a chunked body really has no declared length.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=sample-service", "platform.web.max-request-size=1KB" })
@Import(RequestSizeLimitIT.EchoController.class)
@ImportAutoConfiguration(WebSupportAutoConfiguration.class)
class RequestSizeLimitIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void rejectsDeclaredOversizedBody() throws Exception {
		HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(json(2048)));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void rejectsChunkedBodyThatGrowsBeyondTheLimit() throws Exception {
		HttpResponse<String> response = post(
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json(4096))));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("\"status\":413");
	}

	@Test
	void acceptsChunkedBodyWithinTheLimit() throws Exception {
		HttpResponse<String> response = post(
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json(512))));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(512);
	}

	private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/echo"))
			.header("Content-Type", "application/json")
			.POST(body)
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	// A JSON string of exactly the given size.
	private static byte[] json(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) 'x');
		body[0] = '"';
		body[size - 1] = '"';
		return body;
	}

	@SpringBootApplication
	static class SampleApplication {

	}

	@RestController
	static class EchoController {

		@PostMapping("/echo")
		String echo(@RequestBody String body) {
			return body;
		}

	}

}
