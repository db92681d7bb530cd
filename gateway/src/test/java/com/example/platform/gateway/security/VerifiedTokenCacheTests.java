package com.example.platform.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.example.platform.testsupport.MovableClock;
import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.tokens.VerifiedTokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTests {

	private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MovableClock clock = new MovableClock(NOW);

	private final CountingVerifier verifier = new CountingVerifier();

	private final RevokedSubjects revoked = new RevokedSubjects(this.clock);

	private final ReactiveJwtDecoder decoder = new VerifiedTokenCache(this.verifier,
			new VerifiedTokens(100, SKEW, this.clock), this.revoked);

	@Test
	void verifiesARepeatedTokenOnce() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.decoder.decode("valid-1").block().getSubject()).isEqualTo("valid-1");
		}
		assertThat(this.verifier.verified).containsExactly("valid-1");
	}

	@Test
	void verifiesEveryDistinctToken() {
		this.decoder.decode("valid-1").block();
		this.decoder.decode("valid-1x").block();
		assertThat(this.verifier.verified).containsExactly("valid-1", "valid-1x");
	}

	@Test
	void neverRemembersARejectedToken() {
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> this.decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
		}
		assertThat(this.verifier.verified).containsExactly("forged", "forged");
	}

	@Test
	void refusesADeletedUsersTokenEvenOnceRemembered() {
		this.decoder.decode("valid-1").block();

		this.revoked.revoke("valid-1");

		assertThatThrownBy(() -> this.decoder.decode("valid-1").block()).isInstanceOf(BadJwtException.class)
			.hasMessageContaining("deleted");
		assertThat(this.decoder.decode("valid-2").block().getSubject()).isEqualTo("valid-2");
	}

	/** Accepts tokens that start with "valid" (15 minutes from the clock's now). */
	private final class CountingVerifier implements ReactiveJwtDecoder {

		static final Duration LIFETIME = Duration.ofMinutes(15);

		final List<String> verified = new ArrayList<>();

		@Override
		public Mono<Jwt> decode(String token) {
			this.verified.add(token);
			if (!token.startsWith("valid")) {
				return Mono.error(new BadJwtException("bad signature"));
			}
			Instant issued = VerifiedTokenCacheTests.this.clock.instant();
			return Mono.just(Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.subject(token)
				.issuedAt(issued)
				.expiresAt(issued.plus(LIFETIME))
				.build());
		}

	}

}
