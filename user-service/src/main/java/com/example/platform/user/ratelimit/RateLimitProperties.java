package com.example.platform.user.ratelimit;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits per client address on the anonymous endpoints, enforced by each instance (in
 * Redis, so across instances) whether the request came through the gateway or straight at
 * the instance.
 *
 * @param trustedProxies addresses or CIDR ranges of proxies (the gateway) whose
 * {@code X-Forwarded-For} names the client; from anyone else the header is ignored and
 * the TCP peer is the client. Empty: every caller is its own address, so all traffic of
 * one gateway shares one address
 * @param token {@code POST /api/auth/token}, both grant types: password and client-secret
 * guessing; above the gateway's sustained 5 per second per address, so it only bites
 * callers that bypass the gateway
 * @param registration {@code POST /api/users}: registration tells whether an email is
 * taken, so it is limited like a login
 * <p>
 * The limits' defaults are in application.yml: a {@code @DefaultValue} with a nested
 * record's arguments does not bind, and the service did not start without them set.
 */
@Validated
@ConfigurationProperties("platform.rate-limit")
public record RateLimitProperties(@DefaultValue List<String> trustedProxies, @Valid @NotNull Limit token,
		@Valid @NotNull Limit registration) {

	/**
	 * @param requests requests allowed per address within {@code per}
	 * @param per the window, counted from an address's first request in it
	 */
	public record Limit(@Min(1) int requests, @NotNull Duration per) {

	}

}
