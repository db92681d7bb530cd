package com.example.platform.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/**
 * Says what was wrong with a refused token, in words a client developer can act on,
 * without echoing the token or the decoder's internals.
 */
final class BearerTokenProblems {

	static final String MISSING = "Missing bearer token";

	static final String FORBIDDEN = "The bearer token does not grant access to this resource";

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
		JwtValidationException validation = cause(ex, JwtValidationException.class);
		if (validation != null) {
			return validationDetail(validation);
		}
		BadJwtException bad = cause(ex, BadJwtException.class);
		if (bad != null) {
			return decodingDetail(messages(bad));
		}
		// e.g. "Bearer token is malformed" from the header parser: written for clients
		String message = ex.getMessage();
		return (message != null && message.startsWith("Bearer token")) ? message : "Bearer token is not valid";
	}

	// The validators' descriptions: JwtTimestampValidator "Jwt expired at ...",
	// JwtClaimValidator "The <claim> claim is not valid". BearerTokenProblemsTests pins
	// them.
	private static String validationDetail(JwtValidationException ex) {
		for (OAuth2Error error : ex.getErrors()) {
			String description = String.valueOf(error.getDescription());
			if (description.contains("expired")) {
				return "Bearer token expired";
			}
			if (description.contains("used before")) {
				return "Bearer token is not valid yet";
			}
			if (description.contains("The iss claim")) {
				return "Bearer token has the wrong issuer";
			}
			if (description.contains("The aud claim")) {
				return "Bearer token has the wrong audience";
			}
			if (description.contains("The sub claim")) {
				return "Bearer token has no subject";
			}
		}
		return "Bearer token is not valid";
	}

	// Spring wraps Nimbus' reason ("Signed JWT rejected: Invalid signature") in a generic
	// "Failed to validate the token": the reason is further down the chain.
	private static String decodingDetail(String message) {
		if (message.contains("Unsupported algorithm of none")) {
			return "Bearer token is not signed";
		}
		if (message.contains("Unsupported algorithm of")) {
			return "Bearer token algorithm is not accepted";
		}
		if (message.contains("Invalid signature") || message.contains("no matching key")) {
			return "Bearer token signature is not valid";
		}
		if (message.contains("Malformed") || message.contains("Invalid serialization")
				|| message.contains("Invalid JWT serialization")) {
			return "Bearer token is malformed";
		}
		return "Bearer token is not valid";
	}

	private static String messages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			messages.append(candidate.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

}
