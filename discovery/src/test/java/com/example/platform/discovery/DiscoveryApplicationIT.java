package com.example.platform.discovery;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "EUREKA_PASSWORD=test-password")
@AutoConfigureRestTestClient
class DiscoveryApplicationIT {

	private RestTestClient client;

	// The registry's own credentials, as every application sends them.
	@Autowired
	void authenticate(RestTestClient client) {
		this.client = client.mutate()
			.defaultHeaders((headers) -> headers.setBasicAuth("eureka", "test-password"))
			.build();
	}

	@Test
	void servesTheRegistry() {
		this.client.get()
			.uri("/eureka/apps")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applications")
			.exists();
	}

	@Test
	void newRegistrationIsVisibleToTheNextFetch() {
		// Warm the response cache first: with the read-only cache on, the stale snapshot
		// would be served
		// for up to 30 s and this test would fail.
		this.client.get().uri("/eureka/apps").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk();

		this.client.post()
			.uri("/eureka/apps/PROBE-SERVICE")
			.contentType(MediaType.APPLICATION_JSON)
			.body(instance("PROBE-SERVICE", "probe-service:9999"))
			.exchange()
			.expectStatus()
			.isNoContent();

		this.client.get()
			.uri("/eureka/apps")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.applications.application[?(@.name == 'PROBE-SERVICE')].instance[0].instanceId")
			.isEqualTo("probe-service:9999");
	}

	@Test
	void healthIsUp() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

	@Test
	void exposesPrometheusMetrics() {
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("application=\"discovery\""));
	}

	@Test
	void doesNotExposeOtherActuatorEndpoints() {
		this.client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/beans").exchange().expectStatus().isNotFound();
	}

	private static String instance(String app, String instanceId) {
		return """
				{"instance": {
				  "instanceId": "%s",
				  "hostName": "localhost",
				  "app": "%s",
				  "ipAddr": "127.0.0.1",
				  "status": "UP",
				  "port": {"$": 9999, "@enabled": "true"},
				  "dataCenterInfo": {
				    "@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo",
				    "name": "MyOwn"
				  }
				}}
				""".formatted(instanceId, app);
	}

}
