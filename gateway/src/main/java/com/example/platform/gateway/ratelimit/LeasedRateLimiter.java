package com.example.platform.gateway.ratelimit;

import java.util.Map;

import com.example.platform.gateway.config.PlatformGatewayProperties.Lease;
import com.example.platform.gateway.config.PlatformGatewayProperties.Limit;
import com.example.platform.gateway.ratelimit.TokenBuckets.Taken;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;

/**
 * A token bucket per route and client, shared by every gateway instance in Redis, from
 * which each instance takes tokens in leases ({@link Lease}): one Redis round trip per
 * lease instead of one per request, which cost the gateway a round trip and a hop to
 * Lettuce's event loop on every proxied request (docs/performance.md). The bucket stays
 * the one limit across instances; a lease only moves when its tokens are spent.
 * <p>
 * Answers with the same {@code X-RateLimit-*} headers as Spring Cloud Gateway's
 * {@code RedisRateLimiter}; the remaining count is the bucket's as of the last lease plus
 * the lease's tokens not used yet.
 */
final class LeasedRateLimiter implements RateLimiter<Limit> {

	// Enough for every client active within a lease's duration; beyond it a lease is
	// dropped early, which only costs its holder a round trip and its unused tokens.
	private static final long MAX_LEASES = 100_000;

	private final Limit limit;

	private final long leaseTokens;

	private final TokenBuckets buckets;

	private final Cache<String, Leased> leases;

	/**
	 * A limiter over shared buckets of one size.
	 * @param limit every bucket's rate and size
	 * @param lease how this instance takes tokens from a bucket
	 * @param buckets the shared buckets
	 * @param ticker the clock leases expire by
	 */
	LeasedRateLimiter(Limit limit, Lease lease, TokenBuckets buckets, Ticker ticker) {
		this.limit = limit;
		this.leaseTokens = lease.tokensFrom(limit);
		this.buckets = buckets;
		this.leases = Caffeine.newBuilder()
			.expireAfterWrite(lease.duration())
			.maximumSize(MAX_LEASES)
			.ticker(ticker)
			.build();
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String id) {
		String key = routeId + "." + id;
		Leased leased = this.leases.getIfPresent(key);
		long remaining = (leased != null) ? leased.take() : Leased.EMPTY;
		if (remaining != Leased.EMPTY) {
			return Mono.just(response(true, remaining));
		}
		return this.buckets.take(key, this.limit, this.leaseTokens).flatMap((taken) -> {
			if (taken.allowed() || taken.tokensLeft() < 1) {
				return Mono.just(granted(key, taken, this.leaseTokens));
			}
			// Fewer tokens left than a lease: take those, or the bucket's last tokens
			// would refuse requests it has room for.
			long rest = taken.tokensLeft();
			return this.buckets.take(key, this.limit, rest).map((retaken) -> granted(key, retaken, rest));
		});
	}

	private Response granted(String key, Taken taken, long requested) {
		if (!taken.allowed()) {
			return response(false, taken.tokensLeft());
		}
		if (!taken.checked()) {
			// Redis did not answer: let through unchecked, and lease nothing.
			return response(true, taken.tokensLeft());
		}
		if (requested > 1) {
			// Replaces a lease another request took meanwhile: its tokens are lost,
			// which refuses early but never lets through more than the bucket gave.
			this.leases.put(key, new Leased(requested - 1, taken.tokensLeft()));
		}
		return response(true, taken.tokensLeft() + requested - 1);
	}

	private Response response(boolean allowed, long remaining) {
		return new Response(allowed,
				Map.of(RedisRateLimiter.REMAINING_HEADER, Long.toString(remaining),
						RedisRateLimiter.REPLENISH_RATE_HEADER, Integer.toString(this.limit.replenishRate()),
						RedisRateLimiter.BURST_CAPACITY_HEADER, Long.toString(this.limit.burstCapacity()),
						RedisRateLimiter.REQUESTED_TOKENS_HEADER, "1"));
	}

	/**
	 * Every route this limiter is used on gets the same bucket size; the buckets
	 * themselves stay per route.
	 */
	@Override
	public Map<String, Limit> getConfig() {
		return Map.of(RouteDefinitionRouteLocator.DEFAULT_FILTERS, this.limit);
	}

	@Override
	public Class<Limit> getConfigClass() {
		return Limit.class;
	}

	@Override
	public Limit newConfig() {
		return this.limit;
	}

	/** Tokens leased from one bucket, handed out one request at a time. */
	private static final class Leased {

		static final long EMPTY = -2;

		private long tokens;

		private final long bucketLeft;

		Leased(long tokens, long bucketLeft) {
			this.tokens = tokens;
			this.bucketLeft = bucketLeft;
		}

		/**
		 * Takes a token.
		 * @return the client's remaining tokens afterwards, or {@link #EMPTY} when the
		 * lease is used up
		 */
		synchronized long take() {
			if (this.tokens == 0) {
				return EMPTY;
			}
			this.tokens--;
			return this.tokens + this.bucketLeft;
		}

	}

}
