package com.example.platform.gateway.security;

import com.example.platform.tokens.TokenFailures;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request refused for its bearer token: missing, invalid, or without the role the path
 * needs. Rendered as problem+json by the gateway's error handler, with the RFC 6750
 * {@code WWW-Authenticate} challenge.
 */
class BearerTokenRejectedException extends ResponseStatusException {

	private final HttpHeaders headers = new HttpHeaders();

	private BearerTokenRejectedException(HttpStatus status, String detail, String challenge) {
		super(status, detail);
		this.headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge);
	}

	static BearerTokenRejectedException missing() {
		return new BearerTokenRejectedException(HttpStatus.UNAUTHORIZED, TokenFailures.MISSING, "Bearer");
	}

	static BearerTokenRejectedException invalid(String detail) {
		return new BearerTokenRejectedException(HttpStatus.UNAUTHORIZED, detail,
				"Bearer error=\"invalid_token\", error_description=\"%s\"".formatted(detail));
	}

	static BearerTokenRejectedException forbidden() {
		return new BearerTokenRejectedException(HttpStatus.FORBIDDEN, TokenFailures.FORBIDDEN,
				"Bearer error=\"insufficient_scope\"");
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
