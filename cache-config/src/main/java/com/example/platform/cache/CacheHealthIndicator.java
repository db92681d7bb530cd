package com.example.platform.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Replaces Boot's Redis health check: the cache is optional, so an unavailable Redis must
 * not take the service out of rotation. Health stays UP and says whether the cache is
 * bypassed.
 */
class CacheHealthIndicator implements HealthIndicator {

	private final CacheGuard guard;

	CacheHealthIndicator(CacheGuard guard) {
		this.guard = guard;
	}

	@Override
	public Health health() {
		return Health.up()
			.withDetail("cache", this.guard.isBypassed() ? "bypassed: reads go to the database" : "in use")
			.withDetail("breaker", this.guard.breakerState())
			.build();
	}

}
