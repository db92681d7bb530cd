package com.example.platform.gateway.error;

import org.springframework.http.HttpHeaders;

/**
 * Reads the token bucket's state from the {@code X-RateLimit-*} headers Spring Cloud
 * Gateway's RedisRateLimiter puts on every limited response.
 */
final class RateLimitHeaders {

	static final String REPLENISH_RATE = "X-RateLimit-Replenish-Rate";

	static final String REQUESTED_TOKENS = "X-RateLimit-Requested-Tokens";

	private RateLimitHeaders() {
	}

	/**
	 * When the bucket holds enough tokens for one more request: the bucket refills at the
	 * replenish rate per second, so the next request fits after requested / rate seconds,
	 * rounded up (Retry-After takes whole seconds) and at least one.
	 * @param headers the response headers
	 * @return seconds to wait
	 */
	static long retryAfterSeconds(HttpHeaders headers) {
		double rate = number(headers.getFirst(REPLENISH_RATE), 1);
		double requested = number(headers.getFirst(REQUESTED_TOKENS), 1);
		return Math.max(1, (long) Math.ceil(requested / rate));
	}

	private static double number(String value, double fallback) {
		try {
			double parsed = (value != null) ? Double.parseDouble(value) : fallback;
			return (parsed > 0) ? parsed : fallback;
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

}
