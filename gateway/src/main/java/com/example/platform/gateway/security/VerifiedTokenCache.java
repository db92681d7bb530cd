package com.example.platform.gateway.security;

import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.tokens.TokenFailures;
import com.example.platform.tokens.VerifiedTokens;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies a token only if it was not verified before ({@link VerifiedTokens}: until it
 * expires); only tokens that passed every check are remembered.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder verifier;

	private final VerifiedTokens verified;

	private final RevokedSubjects revoked;

	VerifiedTokenCache(ReactiveJwtDecoder verifier, VerifiedTokens verified, RevokedSubjects revoked) {
		this.verifier = verifier;
		this.verified = verified;
		this.revoked = revoked;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.find(token);
		Mono<Jwt> jwt = (known != null) ? Mono.just(known)
				: this.verifier.decode(token).doOnNext((verified) -> this.verified.remember(token, verified));
		// Checked on every request, remembered tokens included: a deleted user's token
		// stops working as soon as the revocation arrives.
		return jwt.flatMap((checked) -> this.revoked.isRevoked(checked)
				? Mono.error(new BadJwtException(TokenFailures.REVOKED)) : Mono.just(checked));
	}

}
