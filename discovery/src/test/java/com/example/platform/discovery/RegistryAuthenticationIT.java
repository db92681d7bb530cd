package com.example.platform.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

// Issue 18's first attack, on the real server: a listener registered itself as
// user-service with no credentials and was sent users' requests with their tokens.
// Register, renew, cancel, fetch and the dashboard now need the registry's credentials.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "EUREKA_USERNAME=registry-test", "EUREKA_PASSWORD=right-password" })
class RegistryAuthenticationIT {

	private static final String ROGUE = """
			{"instance": {
			  "instanceId": "rogue:6666",
			  "hostName": "localhost",
			  "app": "USER-SERVICE",
			  "ipAddr": "127.0.0.1",
			  "status": "UP",
			  "port": {"$": 6666, "@enabled": "true"},
			  "dataCenterInfo": {
			    "@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",
			    "name": "MyOwn"
			  }
			}}
			""";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void refusesARogueRegistrationWithoutCredentials() throws Exception {
		HttpResponse<String> response = send(register(), null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":401");
		assertThat(registered("registry-test:right-password")).doesNotContain("rogue:6666");
	}

	@Test
	void refusesARogueRegistrationWithWrongCredentials() throws Exception {
		assertThat(send(register(), "registry-test:stolen-looking-guess").statusCode()).isEqualTo(401);
		assertThat(send(register(), "eureka:right-password").statusCode()).isEqualTo(401);

		assertThat(registered("registry-test:right-password")).doesNotContain("rogue:6666");
	}

	@Test
	void refusesAnonymousRenewalCancellationFetchAndDashboard() throws Exception {
		String instance = "/eureka/apps/USER-SERVICE/rogue:6666";
		assertThat(send(request(instance).PUT(HttpRequest.BodyPublishers.noBody()), null).statusCode()).isEqualTo(401);
		assertThat(send(request(instance).DELETE(), null).statusCode()).isEqualTo(401);
		assertThat(send(request("/eureka/apps").GET(), null).statusCode()).isEqualTo(401);
		assertThat(send(request("/").GET(), null).statusCode()).isEqualTo(401);
	}

	@Test
	void acceptsTheRegistrysOwnCredentials() throws Exception {
		assertThat(send(register(), "registry-test:right-password").statusCode()).isEqualTo(204);
		assertThat(registered("registry-test:right-password")).contains("rogue:6666");
		assertThat(send(request("/eureka/apps/USER-SERVICE/rogue:6666").DELETE(), "registry-test:right-password")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void keepsHealthOpenForProbes() throws Exception {
		assertThat(send(request("/actuator/health").GET(), null).statusCode()).isEqualTo(200);
	}

	private HttpRequest.Builder register() {
		return request("/eureka/apps/USER-SERVICE").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ROGUE));
	}

	private String registered(String credentials) throws Exception {
		HttpResponse<String> apps = send(request("/eureka/apps").header("Accept", "application/json").GET(),
				credentials);
		assertThat(apps.statusCode()).isEqualTo(200);
		return apps.body();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String credentials) throws Exception {
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
