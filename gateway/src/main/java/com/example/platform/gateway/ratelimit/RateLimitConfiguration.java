package com.example.platform.gateway.ratelimit;

import java.util.List;

import com.example.platform.gateway.config.PlatformGatewayProperties;
import com.example.platform.gateway.config.PlatformGatewayProperties.Lease;
import com.example.platform.gateway.config.PlatformGatewayProperties.Limit;
import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Two kinds of token buckets, shared by the gateway instances in Redis and referenced by
 * the routes in application.yml: per client IP on the token endpoint, per user (per
 * client IP when anonymous) everywhere else. The per-user limiter is {@code @Primary}, so
 * it is also the RequestRateLimiter filter's default.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RateLimiterOutage rateLimiterOutage(MeterRegistry meters) {
		return new RateLimiterOutage(meters);
	}

	/**
	 * Spring Cloud Gateway's token bucket script, held as text. Its own script bean reads
	 * the file through a resource it checks for changes on every call: inside the
	 * application's jar that is a file lookup and an exception per request, measured at
	 * 6.5 % of the gateway's CPU per proxied request (docs/performance.md).
	 * @param script the gateway's script
	 * @return the same script, read once
	 */
	@Bean
	RedisScript<List<Long>> tokenBucketScript(
			@Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> script) {
		return RedisScript.of(script.getScriptAsString(), script.getResultType());
	}

	@Bean
	@Primary
	LeasedRateLimiter perUserRateLimiter(ReactiveRedisConnectionFactory redis,
			@Qualifier("tokenBucketScript") RedisScript<List<Long>> script, PlatformGatewayProperties gateway,
			RateLimiterOutage outage) {
		return limiter("per-user", gateway.rateLimit().perUser(), gateway.rateLimit().lease(), redis, script, outage);
	}

	@Bean
	LeasedRateLimiter tokenEndpointRateLimiter(ReactiveRedisConnectionFactory redis,
			@Qualifier("tokenBucketScript") RedisScript<List<Long>> script, PlatformGatewayProperties gateway,
			RateLimiterOutage outage) {
		return limiter("token-endpoint", gateway.rateLimit().tokenEndpoint(), gateway.rateLimit().lease(), redis,
				script, outage);
	}

	@Bean
	@Primary
	KeyResolver perUserKeyResolver(PlatformGatewayProperties gateway) {
		return ClientKeys.userOrClientIp(gateway.rateLimit().trustedProxies());
	}

	@Bean
	KeyResolver clientIpKeyResolver(PlatformGatewayProperties gateway) {
		return ClientKeys.clientIp(gateway.rateLimit().trustedProxies());
	}

	/**
	 * While the connection to Redis is down, Lettuce by default queues commands until it
	 * reconnects or the command times out, holding every request that long. Refusing them
	 * at once lets the limiter fail open without delay.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
	}

	private static LeasedRateLimiter limiter(String name, Limit limit, Lease lease,
			ReactiveRedisConnectionFactory redis, RedisScript<List<Long>> script, RateLimiterOutage outage) {
		TokenBuckets buckets = new RedisTokenBuckets(new FailOpenScriptTemplate(redis, outage.forLimiter(name)),
				script);
		return new LeasedRateLimiter(limit, lease, buckets, Ticker.systemTicker());
	}

}
