package com.example.platform.gateway.security;

import com.example.platform.tokens.VerifiedTokens;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies a token only if it was not verified before ({@link VerifiedTokens}: until it
 * expires); only tokens that passed every check are remembered.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder verifier;

	private final VerifiedTokens verified;

	VerifiedTokenCache(ReactiveJwtDecoder verifier, VerifiedTokens verified) {
		this.verifier = verifier;
		this.verified = verified;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.find(token);
		if (known != null) {
			return Mono.just(known);
		}
		return this.verifier.decode(token).doOnNext((jwt) -> this.verified.remember(token, jwt));
	}

}
