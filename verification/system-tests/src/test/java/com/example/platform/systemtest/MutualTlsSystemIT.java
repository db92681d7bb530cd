package com.example.platform.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.HttpStandIn.Response;
import com.example.platform.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Mutual TLS between the applications (issue 18), on the running platform: every port but
 * the gateway's public one refuses plain HTTP, a caller without a certificate and a
 * caller with a certificate from another CA; and listeners registered in Eureka with the
 * registry's real password, one on TLS with a certificate of the right name from another
 * CA, one on a plain port, get no request, although the registry lists them and users'
 * requests keep flowing.
 */
@SharedPlatform(SharedPlatform.Kind.STEADY)
class MutualTlsSystemIT {

	private static final String INSTANCE = "user-service-1";

	static LocalPlatform platform;

	static PlatformClient client;

	static ApiSession alice;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		client = checked;
		alice = client.register("alice-tls");
	}

	@Test
	void refusesPlainHttpOnEveryPortButTheGatewaysPublicOne() throws Exception {
		HttpClient plain = HttpClient.newHttpClient();
		for (int port : ports()) {
			int status;
			try {
				HttpResponse<String> response = plain.send(
						get(URI.create("http://localhost:" + port + "/actuator/health")),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).doesNotContain("UP");
				status = response.statusCode();
			}
			catch (IOException refused) {
				status = -1;
			}
			// Tomcat's own 400 ("requires TLS"), or the connection closed.
			assertThat(status).as("plain HTTP on port %d", port).isIn(400, -1);
		}
		assertThat(plain
			.send(get(URI.create(platform.gatewayUri() + "/api/products")), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
	}

	@Test
	void refusesACallerWithoutACertificateOrWithOneFromAnotherCa() {
		HttpClient anonymous = client(trustingThePlatformOnly());
		HttpClient foreign = client(TestCertificates.foreign().sslContext(TestCertificates.CLIENT));
		for (int port : ports()) {
			URI health = URI.create("https://localhost:" + port + "/actuator/health");
			assertThatExceptionOfType(IOException.class).as("no certificate, port %d", port)
				.isThrownBy(() -> anonymous.send(get(health), HttpResponse.BodyHandlers.ofString()));
			assertThatExceptionOfType(IOException.class).as("another CA's certificate, port %d", port)
				.isThrownBy(() -> foreign.send(get(health), HttpResponse.BodyHandlers.ofString()));
		}
	}

	@Test
	void refusesTheRegistrysPasswordWithoutAPlatformCertificate() {
		HttpClient anonymous = client(trustingThePlatformOnly());

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> anonymous
			.send(registryRequest("/eureka/apps").GET().build(), HttpResponse.BodyHandlers.ofString()));
	}

	/**
	 * Issue 18's first attack once more, by an attacker who has the registry's password
	 * and can reach it: the listing is forged, but the gateway and order-service call
	 * only instances registered for TLS whose certificate the platform CA signed for the
	 * registered host, so neither listener sees a request, let alone a token.
	 */
	@Test
	void sendsNothingToListenersRegisteredWithTheRegistrysPasswordButNoPlatformCertificate() throws Exception {
		HttpStandIn impostor = HttpStandIn.startHttps((request) -> Response.json(200, "{}"),
				TestCertificates.foreign().sslContext("user-service"), false);
		HttpStandIn plain = HttpStandIn.start((request) -> Response.json(200, "{}"));
		HttpClient registry = client(platform.sslContext());
		String impostorId = "impostor:" + impostor.port();
		String plainId = "plain:" + plain.port();
		try {
			for (String registration : List.of(registration(impostorId, impostor.port(), true),
					registration(plainId, plain.port(), false))) {
				HttpResponse<String> registered = registry
					.send(registryRequest("/eureka/apps/USER-SERVICE").header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(registration))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204);
			}
			assertThat(registry
				.send(registryRequest("/eureka/apps/USER-SERVICE").header("Accept", "application/json").GET().build(),
						HttpResponse.BodyHandlers.ofString())
				.body()).contains(impostorId, plainId);

			// Long enough for every caller to fetch the forged listing (2 s) and refresh
			// its load balancer's cache (2 s) several times over.
			await().during(Duration.ofSeconds(10))
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> {
					ApiResponse read = alice.get("/api/users/" + alice.userId());
					assertThat(read.status()).as(read.body()).isEqualTo(200);
					ApiResponse order = alice.post("/api/orders", """
							{"userId":"%s","items":[{"sku":"BOOK-1","quantity":1}]}""".formatted(alice.userId()));
					assertThat(order.status()).as(order.body()).isEqualTo(201);
					assertThat(impostor.received()).isEmpty();
					assertThat(plain.received()).isEmpty();
				});
		}
		finally {
			for (String id : List.of(impostorId, plainId)) {
				registry.send(registryRequest("/eureka/apps/USER-SERVICE/" + id).DELETE().build(),
						HttpResponse.BodyHandlers.discarding());
			}
			impostor.close();
			plain.close();
		}
	}

	private static List<Integer> ports() {
		return List.of(platform.portOf(INSTANCE), platform.managementPortOf(INSTANCE),
				platform.portOf("order-service-1"), platform.managementPortOf("order-service-1"),
				platform.gatewayManagementUri().getPort(), platform.discoveryUri().getPort());
	}

	private static String registration(String id, int port, boolean secure) {
		String ports = secure ? """
				"port": {"$": %1$d, "@enabled": "false"}, "securePort": {"$": %1$d, "@enabled": "true"},"""
			.formatted(port) : """
					"port": {"$": %1$d, "@enabled": "true"},""".formatted(port);
		return """
				{"instance": {
				  "instanceId": "%s",
				  "hostName": "localhost",
				  "app": "USER-SERVICE",
				  "ipAddr": "127.0.0.1",
				  "status": "UP",
				  %s
				  "dataCenterInfo": {
				    "@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",
				    "name": "MyOwn"
				  }
				}}
				""".formatted(id, ports);
	}

	private static HttpRequest.Builder registryRequest(String path) {
		return HttpRequest.newBuilder(URI.create(platform.discoveryUri() + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", platform.trust().registryAuthorization());
	}

	private static SSLContext trustingThePlatformOnly() {
		return TestCertificates
			.withoutCertificate(platform.trust().certificates().directoryOf("operator").resolve("ca.crt"));
	}

	private static HttpClient client(SSLContext tls) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.sslContext(tls)
			.build();
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
	}

}
