package com.example.platform.gateway.resilience;

import java.util.ArrayList;
import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code IdempotentRetry}: Spring Cloud Gateway's {@code Retry} (same arguments) that
 * also retries a POST, but only when the client sent an {@code Idempotency-Key}: the
 * services answer a repeated key with the original response instead of acting twice. A
 * POST without a key is never retried, as its first attempt may have been carried out.
 * Only the listed statuses are retried, never a whole series (Retry's default retries
 * every 5xx, including a 500 or 504 from an instance that may have acted). The retries
 * each request needed are counted by {@link RetryMetrics}.
 */
@Component
class IdempotentRetryGatewayFilterFactory extends RetryGatewayFilterFactory {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final RetryMetrics metrics;

	IdempotentRetryGatewayFilterFactory(RetryMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public GatewayFilter apply(RetryConfig config) {
		config.setSeries();
		GatewayFilter withoutKey = super.apply(config);
		GatewayFilter withKey = super.apply(withPost(config));
		return (exchange, chain) -> {
			boolean keyed = exchange.getRequest().getHeaders().containsHeader(IDEMPOTENCY_KEY);
			return (keyed ? withKey : withoutKey).filter(exchange, chain)
				.doFinally((signal) -> this.metrics.record(exchange, signal));
		};
	}

	private static RetryConfig withPost(RetryConfig config) {
		List<HttpMethod> methods = new ArrayList<>(config.getMethods());
		if (!methods.contains(HttpMethod.POST)) {
			methods.add(HttpMethod.POST);
		}
		RetryConfig copy = new RetryConfig().setRetries(config.getRetries())
			.setStatuses(config.getStatuses().toArray(HttpStatus[]::new))
			.setMethods(methods.toArray(HttpMethod[]::new))
			.setExceptions(config.getExceptions().toArray(Class[]::new))
			.setSeries();
		if (config.getBackoff() != null) {
			copy.setBackoff(config.getBackoff());
		}
		if (config.getJitter() != null) {
			copy.setJitter(config.getJitter());
		}
		if (config.getTimeout() != null) {
			copy.setTimeout(config.getTimeout());
		}
		if (config.getRouteId() != null) {
			copy.setRouteId(config.getRouteId());
		}
		return copy;
	}

}
