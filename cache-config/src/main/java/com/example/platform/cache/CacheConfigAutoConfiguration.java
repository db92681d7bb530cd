package com.example.platform.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The platform's Redis cache: Lettuce tuned to fail fast, a circuit breaker in front of
 * Redis, and {@link VersionedCacheManager} for the services' caches.
 */
@AutoConfiguration(after = { DataRedisAutoConfiguration.class, DataSourceAutoConfiguration.class },
		before = DataRedisHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ StringRedisTemplate.class, JdbcTemplate.class })
@EnableConfigurationProperties(PlatformCacheProperties.class)
public class CacheConfigAutoConfiguration {

	/**
	 * A dead Redis must cost a request little: commands fail at once while disconnected
	 * instead of queueing until the timeout, and a hung Redis is given up on quickly.
	 * Reconnecting stays automatic.
	 */
	@Bean
	LettuceClientConfigurationBuilderCustomizer platformLettuceSettings(PlatformCacheProperties properties) {
		return (builder) -> builder.commandTimeout(properties.commandTimeout())
			.clientOptions(ClientOptions.builder()
				.autoReconnect(true)
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).build())
				.timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
				.build());
	}

	/**
	 * Lettuce waits up to 30 s between reconnect attempts by default; a returning Redis
	 * should be used again within seconds.
	 */
	@Bean
	ClientResourcesBuilderCustomizer platformRedisReconnectDelay() {
		return (builder) -> builder
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DataSource.class)
	VersionClock walPositionClock(DataSource dataSource) {
		return new WalPositionClock(new JdbcTemplate(dataSource));
	}

	@Bean
	@ConditionalOnBean({ StringRedisTemplate.class, VersionClock.class })
	VersionedCacheManager versionedCacheManager(PlatformCacheProperties properties, StringRedisTemplate redis,
			VersionClock clock, ObjectProvider<JsonMapper> json, ObjectProvider<MeterRegistry> meters,
			ObjectProvider<CacheLookupListener> lookups, @Value("${spring.application.name}") String application) {
		String namespace = application + ":v" + properties.schemaVersion() + ":";
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		RedisEntryStore store = new RedisEntryStore(redis);
		CacheGuard guard = new CacheGuard(properties.breaker(), () -> store.deleteAll(namespace), registry);
		return new VersionedCacheManager(properties, namespace, store, guard, clock,
				json.getIfAvailable(() -> JsonMapper.builder().build()), registry,
				CacheLookupListener.all(lookups.orderedStream().toList()));
	}

	/**
	 * {@code X-Cache} on a servlet service's answers, unless the platform's switch for
	 * the headers that reveal topology ({@code platform.diagnostic-headers.enabled},
	 * web-support's DiagnosticHeaders) is off, as in production.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(ServletRequestAttributes.class)
	@ConditionalOnBooleanProperty(name = "platform.diagnostic-headers.enabled", matchIfMissing = true)
	static class CacheResponseHeaderConfiguration {

		@Bean
		CacheLookupListener cacheResponseHeader() {
			return new CacheResponseHeader();
		}

	}

	/**
	 * Named like Boot's Redis health contributor so that one backs off: Redis being down
	 * must not make the service unhealthy.
	 */
	@Bean(name = "redisHealthContributor")
	@ConditionalOnBean(VersionedCacheManager.class)
	CacheHealthIndicator redisHealthContributor(VersionedCacheManager caches) {
		return new CacheHealthIndicator(caches.guard());
	}

}
