package com.example.platform.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

import com.example.platform.gateway.config.PlatformGatewayProperties.Limit;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The shared token buckets kept in Redis by Spring Cloud Gateway's token bucket script,
 * under the keys its {@code RedisRateLimiter} uses: one round trip per take.
 */
final class RedisTokenBuckets implements TokenBuckets {

	private final ReactiveStringRedisTemplate redis;

	private final RedisScript<List<Long>> script;

	/**
	 * Buckets run with the script.
	 * @param redis runs the script; a {@link FailOpenScriptTemplate} answers "allowed,
	 * unchecked" while Redis cannot
	 * @param script the token bucket script
	 */
	RedisTokenBuckets(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script) {
		this.redis = redis;
		this.script = script;
	}

	@Override
	public Mono<Taken> take(String bucket, Limit limit, long requested) {
		// The hash tag keeps both keys of a bucket in one Redis Cluster slot. No time is
		// passed: the script takes Redis's own, the same clock for every instance.
		List<String> keys = List.of("request_rate_limiter.{" + bucket + "}.tokens",
				"request_rate_limiter.{" + bucket + "}.timestamp");
		List<String> args = List.of(Integer.toString(limit.replenishRate()), Long.toString(limit.burstCapacity()), "",
				Long.toString(requested));
		return this.redis.execute(this.script, keys, args).reduceWith(ArrayList<Long>::new, (answer, part) -> {
			answer.addAll(part);
			return answer;
		}).map((answer) -> new Taken(answer.get(0) == 1L, answer.get(1)));
	}

}
