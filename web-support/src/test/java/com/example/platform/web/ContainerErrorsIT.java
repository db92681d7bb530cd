package com.example.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors that a real Tomcat raises or shapes before or around Spring MVC: each must still
 * be a 4xx {@code application/problem+json} with a {@code detail}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=sample-service")
@Import({ ContainerErrorsIT.SampleController.class, PlatformExceptionHandlerTests.SampleExceptionHandler.class })
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

		@PutMapping("/samples")
		Sample replace(@RequestBody Sample sample) {
			return sample;
		}

	}

}
