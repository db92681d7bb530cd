package com.example.platform.user;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import com.example.platform.testsupport.openapi.ApiDocuments;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document user-service serves, without a token, is the one committed as
 * {@code docs/api/user-service.json}, and changes from it break no client unless the
 * major version says so.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithEmbeddedInfrastructure
class ApiDocumentIT {

	@Autowired
	private RestTestClient client;

	// Twice: springdoc once served its first answer right and, from its cache, the later
	// ones naming this instance's URL as the server
	// (OpenApiDefaultsEnvironmentPostProcessor).
	@Test
	void servesTheCommittedDocumentOnEveryRequest() {
		for (int request = 1; request <= 2; request++) {
			String document = this.client.get()
				.uri("/v3/api-docs")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();

			assertThat(ApiDocuments.ofRepository().check("user-service", document)).as("request %d", request).isEmpty();
		}
	}

}
