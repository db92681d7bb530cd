package com.example.platform.gateway.resilience;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's per-route circuit breakers (Resilience4j, behind the routes'
 * {@code CircuitBreaker} filter, named after the route).
 *
 * @param timeLimits how long one client request may take on each route, retries included;
 * every route with a breaker must be listed, as Resilience4j would otherwise silently cut
 * it off after 1 s
 * @param slidingWindowSize how many of the latest calls the failure rate is computed over
 * @param minimumCalls calls needed in the window before the breaker may open
 * @param failureRateThreshold percentage of failed calls (unreachable instance, time
 * limit exceeded) that opens the breaker
 * @param waitInOpenState how long an open breaker answers 503 at once before letting
 * trial calls through; also the Retry-After given to clients
 * @param callsInHalfOpenState trial calls that decide whether the breaker closes again
 */
@Validated
@ConfigurationProperties("platform.gateway.circuit-breaker")
public record CircuitBreakerProperties(@NotEmpty Map<String, @NotNull Duration> timeLimits,
		@DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("10") @Min(1) int minimumCalls,
		@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
		@DefaultValue("10s") @NotNull Duration waitInOpenState, @DefaultValue("3") @Min(1) int callsInHalfOpenState) {

	/**
	 * Seconds a client should wait before retrying a request refused by an open breaker.
	 * @return whole seconds, at least one
	 */
	public long retryAfterSeconds() {
		return Math.max(1, (this.waitInOpenState.toMillis() + 999) / 1000);
	}

}
