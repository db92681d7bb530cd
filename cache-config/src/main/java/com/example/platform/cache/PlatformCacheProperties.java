package com.example.platform.cache;

import java.time.Duration;
import java.util.Map;

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
 */
@Validated
@ConfigurationProperties("platform.cache")
public record PlatformCacheProperties(@NotNull @DefaultValue("10m") Duration defaultTtl,
		@NotNull @DefaultValue Map<String, @NotNull Duration> ttls, @Min(1) @DefaultValue("1") int schemaVersion) {

	/**
	 * The lifetime of entries in the named cache.
	 * @param cacheName the cache
	 * @return its TTL
	 */
	public Duration ttlOf(String cacheName) {
		return this.ttls.getOrDefault(cacheName, this.defaultTtl);
	}

}
