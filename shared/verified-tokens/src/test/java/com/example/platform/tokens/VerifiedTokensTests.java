package com.example.platform.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import com.example.platform.testsupport.MovableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VerifiedTokensTests {

	private static final Instant NOW = Instant.parse("2026-11-27T06:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private final MovableClock clock = new MovableClock(NOW);

	private final VerifiedTokens tokens = new VerifiedTokens(100, SKEW, this.clock);

	@Test
	void knowsOnlyTheExactTokensItWasGiven() {
		Jwt jwt = jwt("token-1", NOW.plus(Duration.ofMinutes(15)));
		this.tokens.remember("token-1", jwt);
		assertThat(this.tokens.find("token-1")).isSameAs(jwt);
		assertThat(this.tokens.find("token-1x")).isNull();
		assertThat(this.tokens.find("token-")).isNull();
	}

	@Test
	void forgetsATokenOnceItsExpiryPlusTheSkewHasPassed() {
		Instant expiry = NOW.plus(Duration.ofMinutes(15));
		this.tokens.remember("token-1", jwt("token-1", expiry));
		this.clock.set(expiry.plus(SKEW).minusMillis(1));
		assertThat(this.tokens.find("token-1")).isNotNull();
		this.clock.set(expiry.plus(SKEW));
		assertThat(this.tokens.find("token-1")).isNull();
	}

	@Test
	void keepsNoMoreThanItsMaximum() {
		VerifiedTokens few = new VerifiedTokens(10, SKEW, this.clock);
		for (int i = 0; i < 1_000; i++) {
			few.remember("token-" + i, jwt("token-" + i, NOW.plus(Duration.ofMinutes(15))));
		}
		// Caffeine evicts in its maintenance, which runs asynchronously after writes: the
		// bound holds once it has caught up, not at every instant.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(IntStream.range(0, 1_000).filter((i) -> few.find("token-" + i) != null).count())
						.isLessThanOrEqualTo(10));
	}

	private static Jwt jwt(String token, Instant expiry) {
		return Jwt.withTokenValue(token).header("alg", "RS256").subject("user").expiresAt(expiry).build();
	}

}
