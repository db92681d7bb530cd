package com.example.platform.security;

import com.example.platform.tokens.VerifiedTokens;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Verifies a token only if it was not verified before ({@link VerifiedTokens}: until it
 * expires); only tokens that passed every check are remembered.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder verifier;

	private final VerifiedTokens verified;

	VerifiedTokenCache(JwtDecoder verifier, VerifiedTokens verified) {
		this.verifier = verifier;
		this.verified = verified;
	}

	@Override
	public Jwt decode(String token) {
		Jwt known = this.verified.find(token);
		if (known != null) {
			return known;
		}
		Jwt jwt = this.verifier.decode(token);
		this.verified.remember(token, jwt);
		return jwt;
	}

}
