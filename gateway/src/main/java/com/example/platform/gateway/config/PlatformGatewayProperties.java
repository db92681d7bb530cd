package com.example.platform.gateway.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The limits the gateway enforces at the edge.
 *
 * @param maxRequestSize largest request body accepted; larger ones are answered 413
 * before they reach a service
 * @param cors which browser origins may call the API
 * @param rateLimit token buckets per client IP and per user
 */
@Validated
@ConfigurationProperties("platform.gateway")
public record PlatformGatewayProperties(@DefaultValue("64KB") @NotNull DataSize maxRequestSize,
		@DefaultValue @NotNull @Valid Cors cors, @DefaultValue @NotNull @Valid RateLimit rateLimit) {

	@AssertTrue(message = "max-request-size must be positive")
	boolean isMaxRequestSizePositive() {
		return this.maxRequestSize == null || this.maxRequestSize.toBytes() > 0;
	}

	/**
	 * Cross-origin access for browser clients. Credentials (cookies) are never allowed:
	 * the API takes bearer tokens only.
	 *
	 * @param allowedOrigins exact origins, {@code scheme://host[:port]}; no wildcards
	 * @param allowedMethods methods a cross-origin request may use
	 * @param allowedHeaders request headers a cross-origin request may send
	 * @param exposedHeaders response headers a browser script may read
	 * @param maxAge how long a browser may cache a preflight answer
	 */
	public record Cors(
			@DefaultValue("http://localhost:3000") @NotNull List<@NotNull @Pattern(regexp = "https?://[^/*\\s]+",
					message = "must be an exact origin such as https://app.example.com") String> allowedOrigins,
			@DefaultValue( {
					"GET", "POST", "PUT",
					"DELETE" }) @NotEmpty List<@NotNull @Pattern(regexp = "GET|HEAD|POST|PUT|PATCH|DELETE",
							message = "must be an HTTP method") String> allowedMethods,
			@DefaultValue({ "Authorization", "Content-Type", "Idempotency-Key", "Consistency",
					"X-Consistency-Token" }) @NotEmpty List<@NotNull @Pattern(regexp = "[A-Za-z0-9-]+",
							message = "must be a header name") String> allowedHeaders,
			@DefaultValue({ "Location", "Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Replenish-Rate",
					"X-RateLimit-Burst-Capacity", "X-Consistency-Token", "Idempotent-Replayed",
					"X-User-Check" }) @NotNull List<@NotNull @Pattern(regexp = "[A-Za-z0-9-]+",
							message = "must be a header name") String> exposedHeaders,
			@DefaultValue("30m") @NotNull Duration maxAge){

	}

	/**
	 * Token buckets in Redis, shared by every gateway instance (Spring Cloud Gateway's
	 * token bucket script), which each instance takes from in small leases.
	 *
	 * @param tokenEndpoint {@code /api/auth/**}, keyed by client IP: slows down password
	 * guessing from one address
	 * @param perUser every other route, keyed by the token's subject (by client IP when
	 * anonymous): keeps one caller from starving the others
	 * @param trustedProxies how many proxies in front of the gateway append to
	 * {@code X-Forwarded-For}; 0 keys on the TCP peer address and ignores the header,
	 * which a client could otherwise forge to get a fresh bucket per request
	 * @param lease how many tokens an instance takes from a bucket at once, and for how
	 * long
	 */
	public record RateLimit(@Valid Limit tokenEndpoint, @Valid Limit perUser,
			@DefaultValue("0") @Min(0) int trustedProxies, @DefaultValue @NotNull @Valid Lease lease) {

		public RateLimit {
			// Defaults here rather than with @DefaultValue: the two buckets share a type
			// but not their defaults. Per user it is generous: benchmarks and system
			// tests must never hit it.
			tokenEndpoint = (tokenEndpoint != null) ? tokenEndpoint : new Limit(5, 20);
			perUser = (perUser != null) ? perUser : new Limit(200, 400);
		}

	}

	/**
	 * Tokens an instance takes from a shared bucket in one Redis round trip and hands out
	 * locally until they are used up or expire, instead of a round trip per request. A
	 * lease is at most a twentieth of the bucket's burst capacity, so the token
	 * endpoint's bucket (burst 20) is still asked on every request. What it trades:
	 * requests are never let through beyond the shared bucket by more than the tokens the
	 * instances hold (one lease each), and tokens an instance leased but did not use are
	 * lost when the lease expires, so a client switching between instances may be refused
	 * up to that many tokens early.
	 *
	 * @param maxTokens the most tokens one lease takes; 1 asks Redis on every request
	 * @param duration how long leased tokens stay usable: the longest a bucket's tokens
	 * are held by an instance that does not use them
	 */
	public record Lease(@DefaultValue("20") @Min(1) int maxTokens, @DefaultValue("1s") @NotNull Duration duration) {

		@AssertTrue(message = "duration must be positive")
		boolean isDurationPositive() {
			return this.duration == null || this.duration.isPositive();
		}

		/**
		 * Tokens one lease takes from a bucket.
		 * @param limit the bucket
		 * @return at least one
		 */
		public long tokensFrom(Limit limit) {
			return Math.max(1, Math.min(this.maxTokens, limit.burstCapacity() / 20));
		}

	}

	/**
	 * One token bucket.
	 *
	 * @param replenishRate tokens added per second: the sustained request rate
	 * @param burstCapacity bucket size: how many requests may arrive at once
	 */
	public record Limit(@Min(1) int replenishRate, @Min(1) long burstCapacity) {

		@AssertTrue(message = "burst-capacity must be at least replenish-rate")
		boolean isBurstAtLeastRate() {
			return this.burstCapacity >= this.replenishRate;
		}

	}

}
