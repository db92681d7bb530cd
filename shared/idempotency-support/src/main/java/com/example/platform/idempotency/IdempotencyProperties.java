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
 * @param ownerTimeout how long a key stays locked by an instance that stopped answering
 * without closing its database connections (a frozen JVM, a host gone from the network):
 * PostgreSQL ends the instance's claim session once it was silent this long, and a retry
 * may take the key over. A killed instance's keys are freed at once, a slow request's
 * never (its instance keeps the session alive).
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
 * @param replayedHeaders response headers, besides {@code Content-Type} and
 * {@code Location}, that are stored with a response and replayed with it: those the
 * service's API promises on that answer (order-service's {@code X-User-Check})
 */
@Validated
@ConfigurationProperties("platform.idempotency")
public record IdempotencyProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration ttl,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration ownerTimeout,
		@NotNull @DefaultValue("64KB") DataSize maxBodySize,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1s") Duration retryAfter,
		@NotNull @DurationMin(millis = 1) @DefaultValue("10m") Duration housekeepingInterval,
		@NotNull @DefaultValue("/api/auth/**") List<String> excludedPaths, String fingerprintSecret,
		List<String> replayedHeaders) {

	public IdempotencyProperties {
		replayedHeaders = (replayedHeaders != null) ? List.copyOf(replayedHeaders) : List.of();
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
