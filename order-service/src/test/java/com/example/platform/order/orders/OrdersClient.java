package com.example.platform.order.orders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Calls order-service over HTTP as a client would, with a bearer token or none, and hands
 * back whatever it answered.
 */
final class OrdersClient {

	private final RestClient http;

	private final JsonMapper json;

	OrdersClient(int port, JsonMapper json) {
		// The JDK client, because Apache HttpClient's default retry of a 503 with
		// Retry-After would hide what order-service answered.
		this.http = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
		this.json = json;
	}

	// What a client may say about a line: the product and how many; the price is the
	// catalog's.
	static Map<String, Object> item(String sku, int quantity) {
		return Map.of("sku", sku, "quantity", quantity);
	}

	@SafeVarargs
	final Response place(String token, UUID user, Map<String, Object>... items) {
		return post(token, Map.of("userId", user, "items", List.of(items)), "/api/orders");
	}

	Response get(String token, String path, Object... variables) {
		return send(HttpMethod.GET, token, (headers) -> {
		}, null, path, variables);
	}

	Response post(String token, Object body, String path, Object... variables) {
		return send(HttpMethod.POST, token, (headers) -> {
		}, body, path, variables);
	}

	/**
	 * Sends a request.
	 * @param token the bearer token, or null for none
	 * @param headers further headers
	 * @param body the JSON body, or null for none
	 * @param path a URI template; variables are encoded into it
	 */
	Response send(HttpMethod method, String token, Consumer<HttpHeaders> headers, Object body, String path,
			Object... variables) {
		RestClient.RequestBodySpec request = this.http.method(method).uri(path, variables).headers((all) -> {
			if (token != null) {
				all.setBearerAuth(token);
			}
			headers.accept(all);
		});
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange((req, response) -> read(response));
	}

	private Response read(RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) throws IOException {
		byte[] bytes = response.getBody().readAllBytes();
		MediaType type = response.getHeaders().getContentType();
		JsonNode body = null;
		if (bytes.length > 0) {
			// Whatever the container answers on its own (an HTML error page, say) is kept
			// as
			// text, so a test can still see what it leaks.
			body = (type != null && type.getSubtype().contains("json")) ? this.json.readTree(bytes)
					: this.json.getNodeFactory().stringNode(new String(bytes, StandardCharsets.UTF_8));
		}
		return new Response(HttpStatus.valueOf(response.getStatusCode().value()), response.getHeaders(), body);
	}

	record Response(HttpStatus status, HttpHeaders headers, JsonNode body) {

		String id() {
			return this.body.get("id").asString();
		}

	}

}
