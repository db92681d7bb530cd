package com.example.platform.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.example.platform.faults.demo.FaultsTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

// Switched on the documented way: the faults profile, no property set by hand.
@SpringBootTest(classes = FaultsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("faults")
class FaultInjectionIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final Duration LATENCY = Duration.ofSeconds(1);

	@LocalServerPort
	private int port;

	@AfterEach
	void clearFaults() throws Exception {
		send("DELETE", "/api/admin/faults", null);
	}

	@Test
	void injectedLatencyAppearsAndDisappears() throws Exception {
		double before = injected("latency");
		assertThat(timed("/api/hello")).isLessThan(LATENCY);

		HttpResponse<String> changed = send("PUT", "/api/admin/faults", "{\"latency\":\"PT1S\"}");

		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/admin/faults", null).body()).contains("\"latency\":\"PT1S\"")
			.contains("\"errorRate\":0.0")
			.contains("\"errorStatus\":503")
			.contains("\"pathPattern\":\"/api/**\"");
		assertThat(timed("/api/hello")).isGreaterThanOrEqualTo(LATENCY);
		assertThat(timed("/other/hello")).isLessThan(LATENCY);
		assertThat(timed("/actuator/health")).isLessThan(LATENCY);
		assertThat(injected("latency")).isEqualTo(before + 1);

		assertThat(send("DELETE", "/api/admin/faults", null).statusCode()).isEqualTo(204);

		assertThat(timed("/api/hello")).isLessThan(LATENCY);
	}

	@Test
	void injectedErrorsAppearOnMatchingPathsAndDisappear() throws Exception {
		double before = injected("error");
		send("PUT", "/api/admin/faults", "{\"errorRate\":1.0}");

		HttpResponse<String> failed = send("GET", "/api/hello", null);

		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(failed.headers().firstValue(FaultInjectionFilter.INJECTED_HEADER)).hasValue("error");
		assertThat(failed.body()).contains("\"status\":503").contains("Fault injected on purpose");
		assertThat(send("GET", "/other/hello", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/admin/faults", null).statusCode()).isEqualTo(200);

		send("PUT", "/api/admin/faults", "{\"errorRate\":1.0,\"errorStatus\":500,\"pathPattern\":\"/other/**\"}");

		assertThat(send("GET", "/other/hello", null).statusCode()).isEqualTo(500);
		assertThat(send("GET", "/api/hello", null).statusCode()).isEqualTo(200);
		assertThat(injected("error")).isEqualTo(before + 2);

		send("DELETE", "/api/admin/faults", null);

		assertThat(send("GET", "/other/hello", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/hello", null).statusCode()).isEqualTo(200);
	}

	@Test
	void failsRoughlyTheConfiguredShareOfRequests() throws Exception {
		send("PUT", "/api/admin/faults", "{\"errorRate\":0.5}");

		int failures = 0;
		for (int i = 0; i < 200; i++) {
			if (send("GET", "/api/hello", null).statusCode() == 503) {
				failures++;
			}
		}

		// Binomial(200, 0.5): outside 60..140 with a probability below 1e-8.
		assertThat(failures).isBetween(60, 140);
	}

	@Test
	void refusesFaultsItWillNotInjectAndKeepsTheCurrentOnes() throws Exception {
		send("PUT", "/api/admin/faults", "{\"errorRate\":0.25}");

		for (String invalid : new String[] { "{\"errorRate\":1.5}", "{\"errorRate\":-0.1}", "{\"errorStatus\":200}",
				"{\"latency\":\"PT10S\"}", "{\"latency\":\"-PT1S\"}", "{\"pathPattern\":\"api/**\"}",
				"{\"pathPattern\":\"/api/{unclosed\"}", "{\"latency\":\"soon\"}" }) {
			assertThat(send("PUT", "/api/admin/faults", invalid).statusCode()).as(invalid).isEqualTo(400);
		}
		assertThat(send("GET", "/api/admin/faults", null).body()).contains("\"errorRate\":0.25");
	}

	@Test
	void exposesTheCounterToPrometheus() throws Exception {
		assertThat(send("GET", "/actuator/prometheus", null).body())
			.contains("platform_faults_injected_total{kind=\"error\"}")
			.contains("platform_faults_injected_total{kind=\"latency\"}");
	}

	private double injected(String kind) throws Exception {
		String scrape = send("GET", "/actuator/prometheus", null).body();
		return scrape.lines()
			.filter((line) -> line.startsWith("platform_faults_injected_total")
					&& line.contains("kind=\"" + kind + "\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private Duration timed(String path) throws Exception {
		long start = System.nanoTime();
		assertThat(send("GET", path, null).statusCode()).isEqualTo(200);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
