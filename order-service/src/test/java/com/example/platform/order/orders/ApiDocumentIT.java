package com.example.platform.order.orders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.example.platform.testsupport.openapi.ApiDocuments;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document order-service serves, without a token, is the one committed as
 * {@code docs/api/order-service.json}, and changes from it break no client unless the
 * major version says so.
 */
class ApiDocumentIT extends AgainstUserServiceStandIn {

	@LocalServerPort
	private int port;

	@Test
	void servesTheCommittedDocument() throws IOException, InterruptedException {
		HttpResponse<String> document = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(document.statusCode()).isEqualTo(200);
		assertThat(ApiDocuments.ofRepository().check("order-service", document.body())).isEmpty();
	}

}
