package com.example.platform.cache;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The platform's cache settings, one record for every service.
 *
 * @param defaultTtl how long an entry lives unless its cache says otherwise
 * @param ttls per-cache lifetimes, by cache name
 * @param schemaVersion bumped when a cached type changes shape, so a deploy never reads
 * entries written by the previous version
 * @param tombstoneTtl how long an eviction is remembered; must outlast the slowest load
 * that could race with it
 * @param commandTimeout how long one Redis command may take before the cache is skipped
 * @param connectTimeout how long connecting to Redis may take
 * @param breaker when to stop calling an unavailable Redis, and when to try again
 */
@Validated
@ConfigurationProperties("platform.cache")
public record PlatformCacheProperties(@NotNull @DefaultValue("10m") Duration defaultTtl,
		@NotNull @DefaultValue Map<String, @NotNull Duration> ttls, @Min(1) @DefaultValue("1") int schemaVersion,
		@NotNull @DefaultValue("60s") Duration tombstoneTtl, @NotNull @DefaultValue("250ms") Duration commandTimeout,
		@NotNull @DefaultValue("500ms") Duration connectTimeout, @Valid @NotNull @DefaultValue Breaker breaker) {

	/**
	 * The lifetime of entries in the named cache.
	 * @param cacheName the cache
	 * @return its TTL
	 */
	public Duration ttlOf(String cacheName) {
		return this.ttls.getOrDefault(cacheName, this.defaultTtl);
	}

	/**
	 * The circuit breaker in front of Redis.
	 *
	 * @param failureRateThreshold percentage of failed calls that opens it
	 * @param minimumCalls calls needed before the rate is judged
	 * @param slidingWindow how many recent calls are judged
	 * @param openDuration how long Redis is skipped before it is tried again
	 */
	public record Breaker(@DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
			@Min(1) @DefaultValue("5") int minimumCalls, @Min(1) @DefaultValue("10") int slidingWindow,
			@NotNull @DefaultValue("5s") Duration openDuration) {

	}

}
