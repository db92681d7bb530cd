package com.example.platform.gateway.ratelimit;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.gateway.config.PlatformGatewayProperties.Lease;
import com.example.platform.gateway.config.PlatformGatewayProperties.Limit;
import com.example.platform.infra.InfrastructureCredentials;
import com.example.platform.infra.RedisServer;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances' limiters sharing one bucket in a real Redis, run by Spring Cloud
 * Gateway's own token bucket script: the leases save round trips without letting the
 * instances through more than the one bucket holds.
 */
class LeasedRateLimiterIT {

	// 200 tokens, refilled at 1 per second: the test's few seconds add only a few.
	private static final Limit LIMIT = new Limit(1, 200);

	private static final Lease LEASE = new Lease(20, Duration.ofSeconds(5));

	private static RedisServer redis;

	private static LettuceConnectionFactory connections;

	private final AtomicInteger roundTrips = new AtomicInteger();

	@BeforeAll
	static void startRedis() throws IOException {
		redis = RedisServer.start(Files.createTempDirectory("leased-rate-limiter-"), 0,
				InfrastructureCredentials.random());
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", redis.port());
		server.setUsername(redis.username());
		server.setPassword(redis.password());
		connections = new LettuceConnectionFactory(server);
		connections.afterPropertiesSet();
		connections.start();
	}

	@AfterAll
	static void stopRedis() {
		connections.destroy();
		redis.stop();
	}

	@Test
	void letsTwoInstancesThroughNoMoreThanTheSharedBucketWithARoundTripPerLease() {
		LeasedRateLimiter first = limiter();
		LeasedRateLimiter second = limiter();
		int allowed = 0;
		int refusedAt = -1;
		for (int i = 0; i < 300; i++) {
			LeasedRateLimiter instance = (i % 2 == 0) ? first : second;
			if (Boolean.TRUE.equals(instance.isAllowed("user-service", "alice").map((r) -> r.isAllowed()).block())) {
				allowed++;
			}
			else if (refusedAt < 0) {
				refusedAt = i;
				// Leases of 10 (a twentieth of 200), one round trip each, until the first
				// refusal.
				assertThat(this.roundTrips.get()).isLessThanOrEqualTo(allowed / 10 + 2);
			}
		}
		// 200 in the bucket and what refilled meanwhile; at most one lease per instance
		// may be left unused.
		assertThat(refusedAt).isPositive();
		assertThat(allowed).isBetween(200 - 2 * 9, 200 + 10);
	}

	private LeasedRateLimiter limiter() {
		RateLimiterOutage outage = new RateLimiterOutage(new SimpleMeterRegistry());
		ReactiveStringRedisTemplate template = new FailOpenScriptTemplate(connections, outage.forLimiter("test"));
		RedisScript<List<Long>> script = tokenBucketScript();
		TokenBuckets redisBuckets = new RedisTokenBuckets(template, script);
		TokenBuckets counted = (bucket, limit, requested) -> Mono.defer(() -> {
			this.roundTrips.incrementAndGet();
			return redisBuckets.take(bucket, limit, requested);
		});
		return new LeasedRateLimiter(LIMIT, LEASE, counted, Ticker.systemTicker());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Long>> tokenBucketScript() {
		// The script Spring Cloud Gateway ships, which its RedisRateLimiter runs too.
		return (RedisScript) RedisScript.of(new ClassPathResource("META-INF/scripts/request_rate_limiter.lua"),
				List.class);
	}

}
