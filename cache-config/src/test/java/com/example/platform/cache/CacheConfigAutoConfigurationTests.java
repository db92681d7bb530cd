package com.example.platform.cache;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheConfigAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, CacheConfigAutoConfiguration.class))
		.withBean(VersionClock.class, () -> () -> 42L)
		.withPropertyValues("spring.application.name=user-service");

	@Test
	void namespacesKeysByApplicationAndSchemaVersion() {
		this.runner.withPropertyValues("platform.cache.schema-version=3")
			.run((context) -> assertThat(context.getBean(VersionedCacheManager.class).namespace())
				.isEqualTo("user-service:v3:"));
	}

	@Test
	void givesEachCacheItsConfiguredTtl() {
		this.runner.withPropertyValues("platform.cache.ttls.users=5m", "platform.cache.default-ttl=90s")
			.run((context) -> {
				PlatformCacheProperties properties = context.getBean(PlatformCacheProperties.class);
				assertThat(properties.ttlOf("users")).isEqualTo(Duration.ofMinutes(5));
				assertThat(properties.ttlOf("orders")).isEqualTo(Duration.ofSeconds(90));
			});
	}

	@Test
	void refusesInvalidSettings() {
		this.runner.withPropertyValues("platform.cache.schema-version=0")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("platform.cache.breaker.failure-rate-threshold=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void replacesBootsRedisHealthCheckSoAnOptionalCacheNeverMakesTheServiceUnhealthy() {
		this.runner.run((context) -> assertThat(context.getBean("redisHealthContributor"))
			.isInstanceOf(CacheHealthIndicator.class));
	}

	@Test
	void refusesToHandOutACacheAsAnotherType() {
		PlatformCacheProperties properties = new PlatformCacheProperties(Duration.ofMinutes(1), java.util.Map.of(), 1,
				Duration.ofMinutes(1), Duration.ofMillis(100), Duration.ofMillis(100),
				new PlatformCacheProperties.Breaker(50, 5, 10, Duration.ofSeconds(1)));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		VersionedCacheManager caches = new VersionedCacheManager(properties, "svc:v1:", null,
				new CacheGuard(properties.breaker(), () -> {
				}, meters), () -> 1L, tools.jackson.databind.json.JsonMapper.builder().build(), meters,
				CacheLookupListener.NONE);
		caches.cache("users", String.class);
		assertThatIllegalArgumentException().isThrownBy(() -> caches.cache("users", Integer.class))
			.withMessageContaining("java.lang.String");
	}

	@Test
	void namesTheCachesOutcomeInAServletServicesAnswersUnlessSwitchedOff() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, CacheConfigAutoConfiguration.class))
			.withBean(VersionClock.class, () -> () -> 42L)
			.withPropertyValues("spring.application.name=user-service");
		web.run((context) -> assertThat(context).getBean(CacheLookupListener.class)
			.isInstanceOf(CacheResponseHeader.class));
		web.withPropertyValues("platform.diagnostic-headers.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheLookupListener.class));
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CacheLookupListener.class));
	}

}
