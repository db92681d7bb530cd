package com.example.platform.gateway.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.example.platform.gateway.config.PlatformGatewayProperties.Lease;
import com.example.platform.gateway.config.PlatformGatewayProperties.Limit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leases against buckets kept in memory with the token bucket script's arithmetic;
 * GatewayRateLimitIT and LeasedRateLimiterIT run them against Redis.
 */
class LeasedRateLimiterTests {

	private static final Limit PER_USER = new Limit(200, 400);

	private static final Lease LEASE = new Lease(20, Duration.ofSeconds(1));

	private final AtomicLong nanos = new AtomicLong();

	private final Buckets buckets = new Buckets(this.nanos);

	@Test
	void takesALeaseFromTheSharedBucketAndAnswersItsOtherRequestsLocally() {
		LeasedRateLimiter limiter = limiter(PER_USER);
		for (int i = 0; i < 20; i++) {
			assertThat(allowed(limiter, "alice")).isTrue();
		}
		assertThat(this.buckets.takes).isEqualTo(1);
		assertThat(allowed(limiter, "alice")).isTrue();
		assertThat(this.buckets.takes).isEqualTo(2);
		assertThat(this.buckets.tokens("user-service.alice")).isEqualTo(360);
	}

	@Test
	void neverLetsTwoInstancesThroughMoreThanTheSharedBucketHolds() {
		LeasedRateLimiter first = limiter(PER_USER);
		LeasedRateLimiter second = limiter(PER_USER);
		int allowed = 0;
		for (int i = 0; i < 1_000; i++) {
			allowed += allowed((i % 2 == 0) ? first : second, "alice") ? 1 : 0;
		}
		// The bucket holds 400; each instance may be left holding part of one lease.
		assertThat(allowed).isLessThanOrEqualTo(400).isGreaterThanOrEqualTo(400 - 2 * 19);
		assertThat(this.buckets.tokens("user-service.alice")).isZero();
	}

	@Test
	void takesTheBucketsLastTokensWhenFewerThanALeaseAreLeft() {
		LeasedRateLimiter limiter = limiter(new Limit(1, 110));
		int allowed = 0;
		for (int i = 0; i < 200; i++) {
			allowed += allowed(limiter, "alice") ? 1 : 0;
		}
		// Leases of 5 (a twentieth of 110): 22 of them, and nothing stranded.
		assertThat(allowed).isEqualTo(110);
	}

	@Test
	void dropsUnusedTokensWhenTheLeaseExpiresAndAsksTheBucketAgain() {
		LeasedRateLimiter limiter = limiter(PER_USER);
		assertThat(allowed(limiter, "alice")).isTrue();
		this.nanos.addAndGet(Duration.ofMillis(1_001).toNanos());
		assertThat(allowed(limiter, "alice")).isTrue();
		assertThat(this.buckets.takes).isEqualTo(2);
	}

	@Test
	void keepsABucketPerRouteAndClient() {
		LeasedRateLimiter limiter = limiter(new Limit(1, 20));
		for (int i = 0; i < 20; i++) {
			assertThat(allowed(limiter, "alice")).isTrue();
		}
		assertThat(allowed(limiter, "alice")).isFalse();
		assertThat(allowed(limiter, "bob")).isTrue();
		assertThat(limiter.isAllowed("order-service", "alice").block().isAllowed()).isTrue();
	}

	@Test
	void asksTheBucketOnEveryRequestWhenALeaseWouldExceedATwentiethOfIt() {
		LeasedRateLimiter limiter = limiter(new Limit(5, 20));
		for (int i = 0; i < 5; i++) {
			allowed(limiter, "203.0.113.9");
		}
		assertThat(this.buckets.takes).isEqualTo(5);
	}

	@Test
	void leasesNothingWhileTheBucketCannotBeAsked() {
		this.buckets.down = true;
		LeasedRateLimiter limiter = limiter(PER_USER);
		Response response = limiter.isAllowed("user-service", "alice").block();
		assertThat(response.isAllowed()).isTrue();
		assertThat(response.getHeaders()).containsEntry("X-RateLimit-Remaining", "-1");
		allowed(limiter, "alice");
		assertThat(this.buckets.takes).isEqualTo(2);
	}

	@Test
	void answersWithTheBucketsHeadersCountingTheLeasesUnusedTokens() {
		LeasedRateLimiter limiter = limiter(PER_USER);
		assertThat(limiter.isAllowed("user-service", "alice").block().getHeaders()).containsOnly(
				Map.entry("X-RateLimit-Remaining", "399"), Map.entry("X-RateLimit-Replenish-Rate", "200"),
				Map.entry("X-RateLimit-Burst-Capacity", "400"), Map.entry("X-RateLimit-Requested-Tokens", "1"));
		assertThat(limiter.isAllowed("user-service", "alice").block().getHeaders())
			.containsEntry("X-RateLimit-Remaining", "398");
	}

	private LeasedRateLimiter limiter(Limit limit) {
		return new LeasedRateLimiter(limit, LEASE, this.buckets, this.nanos::get);
	}

	private static boolean allowed(LeasedRateLimiter limiter, String client) {
		return limiter.isAllowed("user-service", client).block().isAllowed();
	}

	/**
	 * Token buckets as the script keeps them, on the test's clock; no time passes unless
	 * a test moves it.
	 */
	private static final class Buckets implements TokenBuckets {

		private final AtomicLong nanos;

		private final Map<String, double[]> buckets = new HashMap<>();

		private int takes;

		private boolean down;

		Buckets(AtomicLong nanos) {
			this.nanos = nanos;
		}

		@Override
		public Mono<Taken> take(String bucket, Limit limit, long requested) {
			this.takes++;
			if (this.down) {
				return Mono.just(new Taken(true, -1));
			}
			double now = this.nanos.get() / 1e9;
			double[] state = this.buckets.computeIfAbsent(bucket, (key) -> new double[] { limit.burstCapacity(), now });
			double filled = Math.min(limit.burstCapacity(), state[0] + (now - state[1]) * limit.replenishRate());
			boolean allowed = filled >= requested;
			state[0] = allowed ? filled - requested : filled;
			state[1] = now;
			return Mono.just(new Taken(allowed, (long) state[0]));
		}

		long tokens(String bucket) {
			return (long) this.buckets.get(bucket)[0];
		}

	}

}
