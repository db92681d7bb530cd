package com.example.platform.cache;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * Applies the platform's TTLs and key prefixes to the Redis cache manager that Boot
 * builds. Keys read {@code <application>:v<schemaVersion>:<cache>::<key>}, so services
 * sharing one Redis never collide and a schema bump never reads old entries.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass(RedisCacheManager.class)
@EnableConfigurationProperties(PlatformCacheProperties.class)
public class CacheConfigAutoConfiguration {

	@Bean
	RedisCacheManagerBuilderCustomizer platformCacheDefaults(PlatformCacheProperties properties,
			@Value("${spring.application.name}") String application) {
		return (builder) -> {
			builder.cacheDefaults(configuration(properties, application, null));
			properties.ttls()
				.keySet()
				.forEach((cache) -> builder.withCacheConfiguration(cache,
						configuration(properties, application, cache)));
		};
	}

	private static RedisCacheConfiguration configuration(PlatformCacheProperties properties, String application,
			String cache) {
		return RedisCacheConfiguration.defaultCacheConfig()
			.entryTtl((cache != null) ? properties.ttlOf(cache) : properties.defaultTtl())
			.computePrefixWith((name) -> application + ":v" + properties.schemaVersion() + ":" + name + "::");
	}

}
