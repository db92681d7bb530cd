package com.example.platform.idempotency;

import java.time.Duration;

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
 */
@Validated
@ConfigurationProperties("platform.idempotency")
public record IdempotencyProperties(@DefaultValue("true") boolean enabled,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration ttl,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration ownerTimeout,
		@NotNull @DefaultValue("64KB") DataSize maxBodySize,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1s") Duration retryAfter,
		@NotNull @DurationMin(millis = 1) @DefaultValue("10m") Duration housekeepingInterval) {

	@AssertTrue(message = "max-body-size must be positive and at most 2GB")
	boolean isMaxBodySizeInRange() {
		return this.maxBodySize == null
				|| (this.maxBodySize.toBytes() > 0 && this.maxBodySize.toBytes() < Integer.MAX_VALUE);
	}

}
