package com.example.platform.tokens;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Subjects whose tokens are no longer accepted although they are validly signed and
 * unexpired: users deleted since their token was issued. A validator consults it on every
 * request, its cache of verified tokens included. An entry is kept for as long as a token
 * issued before the revocation can live ({@link ClaimPolicy#MAX_LIFETIME} plus the skew),
 * then forgotten: no such token is left by then.
 * <p>
 * Filled from the {@code UserDeleted} event: user-service announces the subject and each
 * validator of the gateway and the services adds it here within seconds.
 */
public final class RevokedSubjects {

	/** The Redis channel revocations are announced on. */
	public static final String CHANNEL = "platform:revoked-subjects";

	/**
	 * The prefix of the Redis keys that hold revocations for validators that start later.
	 */
	public static final String KEY_PREFIX = "platform:revoked-subject:";

	private final Cache<String, Boolean> revoked;

	/**
	 * @param clock the validators' clock
	 */
	public RevokedSubjects(Clock clock) {
		this.revoked = Caffeine.newBuilder()
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.expireAfterWrite(ClaimPolicy.MAX_LIFETIME.plus(ClaimPolicy.CLOCK_SKEW))
			.build();
	}

	/**
	 * Stops accepting the subject's tokens.
	 * @param subject a token subject, e.g. a user's id
	 */
	public void revoke(String subject) {
		this.revoked.put(subject, Boolean.TRUE);
	}

	/**
	 * Whether a token's subject has been revoked.
	 * @param jwt a token that passed every other check
	 * @return whether it must be refused all the same
	 */
	public boolean isRevoked(Jwt jwt) {
		String subject = jwt.getSubject();
		return subject != null && this.revoked.getIfPresent(subject) != null;
	}

}
