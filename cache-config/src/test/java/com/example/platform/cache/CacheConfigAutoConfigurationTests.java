package com.example.platform.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

class CacheConfigAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheConfigAutoConfiguration.class, CacheAutoConfiguration.class,
				DataRedisAutoConfiguration.class))
		.withUserConfiguration(CachingOn.class)
		.withPropertyValues("spring.application.name=user-service", "spring.cache.type=redis");

	@Test
	void appliesTheDefaultTtlAndAVersionedPrefixToEveryCache() {
		this.runner.withPropertyValues("platform.cache.default-ttl=90s", "platform.cache.schema-version=3")
			.run((context) -> {
				RedisCacheConfiguration configuration = context.getBean(RedisCacheManager.class)
					.getCacheConfigurations()
					.getOrDefault("anything", defaults(context.getBean(RedisCacheManager.class)));
				assertThat(configuration.getTtlFunction().getTimeToLive("key", "value"))
					.isEqualTo(Duration.ofSeconds(90));
				assertThat(configuration.getKeyPrefixFor("users")).isEqualTo("user-service:v3:users::");
			});
	}

	@Test
	void appliesPerCacheTtls() {
		this.runner.withPropertyValues("platform.cache.ttls.users=5m").run((context) -> {
			RedisCacheConfiguration users = context.getBean(RedisCacheManager.class)
				.getCacheConfigurations()
				.get("users");
			assertThat(users.getTtlFunction().getTimeToLive("key", "value")).isEqualTo(Duration.ofMinutes(5));
		});
	}

	@Test
	void refusesASchemaVersionBelowOne() {
		this.runner.withPropertyValues("platform.cache.schema-version=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	private static RedisCacheConfiguration defaults(RedisCacheManager manager) {
		return manager.getCacheConfigurations().values().stream().findFirst().orElseGet(() -> {
			manager.getCache("anything");
			return manager.getCacheConfigurations().get("anything");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingOn {

	}

}
