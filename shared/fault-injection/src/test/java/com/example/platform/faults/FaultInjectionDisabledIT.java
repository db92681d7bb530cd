package com.example.platform.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.example.platform.faults.demo.FaultsTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

// Without the faults profile the module must leave no trace: no endpoint, no filter.
@SpringBootTest(classes = FaultsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class FaultInjectionDisabledIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void hasNoAdminEndpoint() throws Exception {
		for (String method : new String[] { "GET", "PUT", "DELETE" }) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/admin/faults"))
				.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString("PUT".equals(method) ? "{\"errorRate\":1.0}" : ""))
				.build();

			assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).as(method).isEqualTo(404);
		}
	}

	@Test
	void injectsNothing() {
		assertThat(this.context.getBeansOfType(FaultInjector.class)).isEmpty();
		assertThat(this.context.getBeansOfType(FaultInjectionFilter.class)).isEmpty();
	}

}
