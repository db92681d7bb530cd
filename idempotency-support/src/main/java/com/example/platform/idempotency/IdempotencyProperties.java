package com.example.platform.idempotency;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Idempotency keys of a service's POST endpoints.
 *
 * @param enabled whether POSTs carrying an {@code Idempotency-Key} are deduplicated
 * @param ttl how long a completed request's response is replayed for its key; a key
 * reused later starts afresh. Clients must not retry a request for longer than this.
 * @param inProgressTimeout how long a key stays locked by a request that has not
 * finished; after it another request with the same key and body may take the key over,
 * which is how keys held by a crashed instance are freed. Must exceed the slowest POST,
 * or a slow first request and its retry could both take effect.
 * @param maxBodySize largest request body that is hashed and whose key is remembered;
 * larger bodies pass through without idempotency (by default this equals the platform's
 * request size limit, so every accepted body is covered)
 * @param retryAfter the {@code Retry-After} sent with a 409 for a duplicate of a request
 * that is still running
 * @param housekeepingInterval how often expired keys are deleted
 * @param excludedPaths path patterns never deduplicated: the token endpoint's responses
 * are credentials, which must not be stored and replayed, and a retried login simply logs
 * in again
 * @param fingerprintSecret the key of the HMAC-SHA256 that fingerprints request bodies,
 * the same on every instance; without it the fingerprint is a plain SHA-256, which anyone
 * reading the table can test guesses of a body (a password in it) against offline
 */
@Validated
@ConfigurationProperties("platform.idempotency")
public record IdempotencyProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration ttl,
		@NotNull @DurationMin(millis = 1) @DefaultValue("1m") Duration inProgressTimeout,
		@NotNull @DefaultValue("64KB") DataSize maxBodySize,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1s") Duration retryAfter,
		@NotNull @DurationMin(millis = 1) @DefaultValue("10m") Duration housekeepingInterval,
		@NotNull @DefaultValue("/api/auth/**") List<String> excludedPaths, String fingerprintSecret) {

	// A key must outlive its request, or a retry of a slow request would find no key.
	@AssertTrue(message = "ttl must be longer than in-progress-timeout")
	boolean isTtlLongerThanInProgressTimeout() {
		return this.ttl == null || this.inProgressTimeout == null || this.ttl.compareTo(this.inProgressTimeout) > 0;
	}

	@AssertTrue(message = "max-body-size must be positive and at most 2GB")
	boolean isMaxBodySizeInRange() {
		return this.maxBodySize == null
				|| (this.maxBodySize.toBytes() > 0 && this.maxBodySize.toBytes() < Integer.MAX_VALUE);
	}

	@Override
	public String toString() {
		return "IdempotencyProperties[enabled=%s, ttl=%s, excludedPaths=%s, fingerprintSecret=%s]"
			.formatted(this.enabled, this.ttl, this.excludedPaths, (this.fingerprintSecret != null) ? "******" : null);
	}

}
