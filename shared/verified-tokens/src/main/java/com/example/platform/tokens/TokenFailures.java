package com.example.platform.tokens;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * What was wrong with a refused token, in the same fixed words at the gateway and in
 * every service, so a client developer reads one vocabulary wherever the token was
 * refused. Never the decoder's own message: it may carry token contents.
 * <p>
 * The two copies this replaces disagreed: the gateway read the exception chain
 * ("signature is not valid", "is not valid"), the services the flattened description
 * ("signature is invalid", "is invalid", and one "unknown key or algorithm" for both an
 * HS256 token and an unknown key id). The gateway's reading of the chain won, as it tells
 * those cases apart; the services' shorter "invalid" wording won.
 */
public final class TokenFailures {

	/** No {@code Authorization: Bearer} header. */
	public static final String MISSING = "Missing bearer token";

	/** A valid token without the role a path needs. */
	public static final String FORBIDDEN = "The bearer token does not grant access to this resource";

	/**
	 * A validly signed, unexpired token whose user was deleted since
	 * ({@link RevokedSubjects}).
	 */
	public static final String REVOKED = "Bearer token's user has been deleted";

	/** The refusal that names no more specific reason. */
	public static final String INVALID = "Bearer token is invalid";

	private TokenFailures() {
	}

	/**
	 * The detail for a refused token.
	 * @param failure what the decoder or its validators raised, possibly wrapped
	 * @return the words for the problem's {@code detail} and the challenge
	 */
	public static String detail(Throwable failure) {
		JwtValidationException validation = cause(failure, JwtValidationException.class);
		if (validation != null) {
			return validationDetail(validation);
		}
		BadJwtException bad = cause(failure, BadJwtException.class);
		if (bad != null) {
			return decodingDetail(messages(bad));
		}
		// e.g. "Bearer token is malformed" from the header parser: written for clients
		String message = failure.getMessage();
		return (message != null && message.startsWith("Bearer token")) ? message : INVALID;
	}

	// The validators' descriptions: JwtTimestampValidator "Jwt expired at ...",
	// JwtClaimValidator "The <claim> claim is not valid".
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
		return INVALID;
	}

	// Spring wraps Nimbus' reason ("Signed JWT rejected: Invalid signature") in a generic
	// "Failed to validate the token": the reason is further down the chain.
	private static String decodingDetail(String message) {
		if (message.contains(REVOKED)) {
			return REVOKED;
		}
		if (message.contains("Unsupported algorithm of none")) {
			return "Bearer token is not signed";
		}
		if (message.contains("Unsupported algorithm of")) {
			return "Bearer token algorithm is not accepted";
		}
		if (message.contains("no matching key")) {
			return "Bearer token is signed with an unknown key";
		}
		if (message.contains("Invalid signature")) {
			return "Bearer token signature is invalid";
		}
		if (message.contains("Malformed") || message.contains("Invalid serialization")
				|| message.contains("Invalid JWT serialization")) {
			return "Bearer token is malformed";
		}
		return INVALID;
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
