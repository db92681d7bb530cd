package com.example.platform.order.user;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends order-service's own token on every call to user-service, replacing any
 * {@code Authorization} header, so an end user's token can never travel on. A 401 gets
 * one retry with a fresh token (the cached one may have been signed with a key that
 * user-service has since retired); a second 401 is the answer.
 */
class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

	private final ServiceTokens tokens;

	ServiceTokenInterceptor(ServiceTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String token = this.tokens.current();
		ClientHttpResponse response = execute(request, body, execution, token);
		if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return response;
		}
		response.close();
		return execute(request, body, execution, this.tokens.replace(token));
	}

	private static ClientHttpResponse execute(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			String token) throws IOException {
		request.getHeaders().setBearerAuth(token);
		return execution.execute(request, body);
	}

}
