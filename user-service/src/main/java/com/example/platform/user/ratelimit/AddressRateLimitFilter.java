package com.example.platform.user.ratelimit;

import java.io.IOException;
import java.time.Duration;

import com.example.platform.web.ServletProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the anonymous endpoints per client address at the instance, as the gateway does
 * in front of it: a caller that reaches an instance directly (client-secret guessing, a
 * sweep of registrations to learn which emails exist) is held to the same pace. Counted
 * in Redis, shared by the instances; when Redis fails the request proceeds, like the
 * login throttle.
 */
class AddressRateLimitFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AddressRateLimitFilter.class);

	private final StringRedisTemplate redis;

	private final ClientAddresses addresses;

	private final RateLimitProperties properties;

	private final Counter errors;

	AddressRateLimitFilter(StringRedisTemplate redis, ClientAddresses addresses, RateLimitProperties properties,
			MeterRegistry meters) {
		this.redis = redis;
		this.addresses = addresses;
		this.properties = properties;
		this.errors = Counter.builder("platform.rate-limit.errors")
			.description("Per-address limit checks that failed open because Redis was unavailable")
			.register(meters);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return endpoint(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String endpoint = endpoint(request);
		RateLimitProperties.Limit limit = endpoint.equals("token") ? this.properties.token()
				: this.properties.registration();
		Duration retryAfter = consume(endpoint, this.addresses.of(request), limit);
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
			ServletProblems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
					"Too many requests to this endpoint from your address; retry after Retry-After seconds.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static String endpoint(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return null;
		}
		return switch (request.getRequestURI()) {
			case "/api/auth/token" -> "token";
			case "/api/users" -> "registration";
			default -> null;
		};
	}

	// A fixed window per address: how long until it ends when the address has used it
	// up, null when the request may go on.
	private Duration consume(String endpoint, String address, RateLimitProperties.Limit limit) {
		String key = "rate-limit:" + endpoint + ":" + address;
		try {
			Long count = this.redis.opsForValue().increment(key);
			if (count != null && count == 1) {
				this.redis.expire(key, limit.per());
			}
			if (count != null && count > limit.requests()) {
				Long ttl = this.redis.getExpire(key);
				return (ttl != null && ttl > 0) ? Duration.ofSeconds(ttl) : limit.per();
			}
			return null;
		}
		catch (RuntimeException ex) {
			this.errors.increment();
			log.warn("Per-address limit unavailable, allowing the request: {}", ex.getMessage());
			return null;
		}
	}

}
