package com.example.platform.tokens;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The tokens a validator has verified, so a caller's next request with the same token
 * skips the RS256 signature check and the claim checks (docs/performance.md: a seventh of
 * the gateway's and a fifth of a service's CPU per cached read).
 * <p>
 * Keyed by the whole token, signature included, so a forged or altered token never
 * matches an entry; callers remember only tokens that passed every check. An entry serves
 * while its token is unexpired by the validator's own rule ({@code exp} plus the clock
 * skew) and leaves then. What this gives up: a token stays accepted until its expiry even
 * if its signing key is withdrawn meanwhile, which the validators' key cache already
 * implies (keys are kept until a token names an unknown one).
 */
public final class VerifiedTokens {

	private final Duration clockSkew;

	private final Cache<String, Jwt> verified;

	/**
	 * @param maximumSize how many tokens to keep (about 2 KB each)
	 * @param clockSkew the validator's tolerance on {@code exp}
	 * @param clock the clock the validator reads
	 */
	public VerifiedTokens(long maximumSize, Duration clockSkew, Clock clock) {
		this.clockSkew = clockSkew;
		this.verified = Caffeine.newBuilder()
			// Expiry follows the clock the validator reads, not the JVM's uptime.
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Jwt>creating(
					(token, jwt) -> Duration.between(clock.instant(), jwt.getExpiresAt().plus(this.clockSkew))))
			.build();
	}

	/**
	 * A token verified before and not expired since.
	 * @param token the encoded token
	 * @return its decoded form, or {@code null} if it must be verified
	 */
	public Jwt find(String token) {
		return this.verified.getIfPresent(token);
	}

	/**
	 * Keeps a token that passed every check.
	 * @param token the encoded token
	 * @param jwt its decoded form, which has an expiry (the validators require one)
	 */
	public void remember(String token, Jwt jwt) {
		this.verified.put(token, jwt);
	}

}
