package com.example.platform.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a Redis outage visible while the rate limiters fail open: the counter
 * {@code platform_gateway_rate_limiter_errors_total} (per limiter) counts every request
 * let through unchecked, and one WARN marks the start of an outage (one INFO its end)
 * rather than one line per request.
 */
final class RateLimiterOutage {

	static final String METRIC = "platform.gateway.rate.limiter.errors";

	private static final Logger logger = LoggerFactory.getLogger(RateLimiterOutage.class);

	private final MeterRegistry meters;

	private final AtomicBoolean down = new AtomicBoolean();

	RateLimiterOutage(MeterRegistry meters) {
		this.meters = meters;
	}

	Limiter forLimiter(String name) {
		Counter errors = Counter.builder(METRIC)
			.description("Requests let through without rate limiting because Redis could not be reached (fail open)")
			.tag("limiter", name)
			.register(this.meters);
		return new Limiter(name, errors);
	}

	/**
	 * One limiter's view of the outage.
	 */
	final class Limiter {

		private final String name;

		private final Counter errors;

		private Limiter(String name, Counter errors) {
			this.name = name;
			this.errors = errors;
		}

		void failedOpen(Throwable ex) {
			this.errors.increment();
			if (RateLimiterOutage.this.down.compareAndSet(false, true)) {
				logger.warn(
						"Redis is unreachable: requests pass without rate limiting ({} limiter) until it is back: {}",
						this.name, ex.toString());
			}
			else {
				logger.debug("Rate limit not checked ({} limiter): {}", this.name, ex.toString());
			}
		}

		void reachable() {
			if (RateLimiterOutage.this.down.compareAndSet(true, false)) {
				logger.info("Redis is reachable again: rate limiting resumed");
			}
		}

	}

}
