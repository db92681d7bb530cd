package com.example.platform.gateway.ratelimit;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The template the shared token buckets ({@link RedisTokenBuckets}) run their script
 * with, deciding what happens when Redis cannot answer: the request is let through (fail
 * open), counted and logged by {@link RateLimiterOutage}. Losing rate limiting for the
 * length of a Redis outage is preferred to losing the whole API; the per-email login
 * throttle and the services' own limits still apply.
 */
final class FailOpenScriptTemplate extends ReactiveStringRedisTemplate {

	// The script's answer is [allowed (1|0), tokens left]; -1 tokens left is how Spring
	// Cloud Gateway itself reports "not checked".
	private static final List<Long> ALLOWED_UNCHECKED = List.of(1L, -1L);

	private final RateLimiterOutage.Limiter outage;

	FailOpenScriptTemplate(ReactiveRedisConnectionFactory connectionFactory, RateLimiterOutage.Limiter outage) {
		super(connectionFactory);
		this.outage = outage;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> Flux<T> execute(RedisScript<T> script, List<String> keys, List<?> args) {
		return Flux.defer(() -> super.execute(script, keys, args))
			.doOnComplete(this.outage::reachable)
			.onErrorResume((ex) -> {
				this.outage.failedOpen(ex);
				return Flux.just((T) ALLOWED_UNCHECKED);
			});
	}

}
