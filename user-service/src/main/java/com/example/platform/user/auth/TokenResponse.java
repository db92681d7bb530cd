package com.example.platform.user.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OAuth2 access token response (RFC 6749 section 5.1).
 *
 * @param accessToken the signed JWT
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until the token expires
 */
record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
		@JsonProperty("expires_in") long expiresIn) {

	static TokenResponse bearer(String accessToken, long expiresIn) {
		return new TokenResponse(accessToken, "Bearer", expiresIn);
	}

	@Override
	public String toString() {
		return "TokenResponse[accessToken=******, expiresIn=%d]".formatted(this.expiresIn);
	}

}
