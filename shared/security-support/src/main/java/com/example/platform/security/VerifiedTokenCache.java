package com.example.platform.security;

import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.tokens.TokenFailures;
import com.example.platform.tokens.VerifiedTokens;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Verifies a token only if it was not verified before ({@link VerifiedTokens}: until it
 * expires); only tokens that passed every check are remembered.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder verifier;

	private final VerifiedTokens verified;

	private final RevokedSubjects revoked;

	VerifiedTokenCache(JwtDecoder verifier, VerifiedTokens verified, RevokedSubjects revoked) {
		this.verifier = verifier;
		this.verified = verified;
		this.revoked = revoked;
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.verified.find(token);
		if (jwt == null) {
			jwt = this.verifier.decode(token);
			this.verified.remember(token, jwt);
		}
		// Checked on every request, remembered tokens included: a deleted user's token
		// stops working as soon as the revocation arrives.
		if (this.revoked.isRevoked(jwt)) {
			throw new BadJwtException(TokenFailures.REVOKED);
		}
		return jwt;
	}

}
