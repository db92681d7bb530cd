package com.example.platform.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimPolicyTests {

	private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

	private final OAuth2TokenValidator<Jwt> policy = ClaimPolicy.validator("platform", "platform-api",
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void acceptsATokenAsUserServiceIssuesIt() {
		assertThat(valid(UnaryOperator.identity())).isTrue();
	}

	@Test
	void toleratesThirtySecondsOfSkewOnExpiryButNotMore() {
		assertThat(valid((token) -> token.expiresAt(NOW.minusSeconds(10)))).isTrue();
		// The services accepted this for a minute, the gateway for 30 s.
		assertThat(valid((token) -> token.expiresAt(NOW.minusSeconds(45)))).isFalse();
	}

	@Test
	void refusesAMissingOrBlankSubject() {
		assertThat(valid((token) -> token.subject(" "))).isFalse();
		assertThat(valid((token) -> token.subject(""))).isFalse();
		assertThat(valid((token) -> token.claims((claims) -> claims.remove("sub")))).isFalse();
	}

	@Test
	void refusesALifetimeBeyondTheMaximum() {
		assertThat(valid((token) -> token.expiresAt(NOW.plus(Duration.ofDays(36_500))))).isFalse();
		assertThat(valid((token) -> token.issuedAt(NOW.minus(Duration.ofHours(2))).expiresAt(NOW.plusSeconds(60))))
			.isFalse();
		assertThat(valid((token) -> token.issuedAt(NOW).expiresAt(NOW.plus(ClaimPolicy.MAX_LIFETIME)))).isTrue();
	}

	@Test
	void refusesAMissingOrFutureIssueTime() {
		assertThat(valid((token) -> token.claims((claims) -> claims.remove("iat")))).isFalse();
		assertThat(valid((token) -> token.issuedAt(NOW.plusSeconds(120)).expiresAt(NOW.plusSeconds(600)))).isFalse();
	}

	@Test
	void refusesAnotherIssuerOrAudienceAndAMissingExpiry() {
		assertThat(valid((token) -> token.issuer("elsewhere"))).isFalse();
		assertThat(valid((token) -> token.audience(List.of("another-api")))).isFalse();
		assertThat(valid((token) -> token.claims((claims) -> claims.remove("exp")))).isFalse();
	}

	private boolean valid(UnaryOperator<Jwt.Builder> change) {
		Jwt.Builder token = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.issuer("platform")
			.audience(List.of("platform-api"))
			.subject("6b1f9d52-0c57-4c0b-9a3e-5f4d1c2b7a10")
			.issuedAt(NOW.minusSeconds(60))
			.expiresAt(NOW.plus(Duration.ofMinutes(14)));
		return !this.policy.validate(change.apply(token).build()).hasErrors();
	}

}
