package com.example.platform.gateway.security;

import com.example.platform.tokens.TokenFailures;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/**
 * The gateway's reactive ends of a refused token: the words are the services' too
 * ({@link TokenFailures}).
 */
final class BearerTokenProblems {

	private BearerTokenProblems() {
	}

	/**
	 * 401s become errors the gateway's error handler renders, so they look like every
	 * other problem the gateway answers.
	 * @return the entry point
	 */
	static ServerAuthenticationEntryPoint entryPoint() {
		return (exchange, ex) -> Mono.error(rejection(ex));
	}

	static ServerAccessDeniedHandler accessDeniedHandler() {
		return (exchange, ex) -> Mono.error(BearerTokenRejectedException.forbidden());
	}

	static BearerTokenRejectedException rejection(AuthenticationException ex) {
		if (ex instanceof AuthenticationCredentialsNotFoundException) {
			return BearerTokenRejectedException.missing();
		}
		return BearerTokenRejectedException.invalid(detail(ex));
	}

	static String detail(AuthenticationException ex) {
		return TokenFailures.detail(ex);
	}

}
