package com.example.platform.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.infra.RedisServer;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Takes the real Redis away mid-run: reads keep being answered from the database, fast,
 * and the cache is used again once Redis is back, without serving what an eviction during
 * the outage should have removed.
 */
@SpringBootTest(classes = CacheTestApplication.class,
		properties = { "spring.application.name=cache-config-test", "platform.cache.breaker.open-duration=1s" })
@WithEmbeddedInfrastructure
class RedisOutageIT {

	@Autowired
	VersionedCacheManager caches;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MeterRegistry meters;

	@Autowired
	HealthIndicator redisHealthContributor;

	final RedisServer redis = SharedInfrastructure.get().redis();

	@AfterEach
	void restoreRedis() {
		this.redis.start();
	}

	@Test
	void servesFromTheDatabaseWhileRedisIsDownAndUsesTheCacheAgainAfterwards() {
		ItemTable items = new ItemTable(this.jdbc);
		VersionedCache<String> cache = this.caches.cache("outage", String.class);
		UUID id = items.insert("before");
		AtomicInteger loads = new AtomicInteger();
		assertThat(read(cache, items, id, loads)).isEqualTo("before");

		this.redis.stop();
		long slowest = 0;
		for (int i = 0; i < 50; i++) {
			long started = System.nanoTime();
			assertThat(read(cache, items, id, loads)).isEqualTo("before");
			slowest = Math.max(slowest, System.nanoTime() - started);
		}
		assertThat(Duration.ofNanos(slowest)).as("slowest read while Redis is down").isLessThan(Duration.ofMillis(500));
		assertThat(this.caches.isBypassed()).isTrue();
		assertThat(this.meters.get("platform.cache.bypassed").gauge().value()).isEqualTo(1.0);
		assertThat(this.meters.get("platform.cache.errors").tag("cache", "outage").counter().count()).isPositive();
		assertThat(this.redisHealthContributor.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.redisHealthContributor.health().getDetails().get("cache").toString()).startsWith("bypassed");

		// A change whose eviction cannot reach Redis.
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
			items.rename(id, "during");
			cache.evict(id);
		});
		assertThat(read(cache, items, id, loads)).isEqualTo("during");

		this.redis.start();
		int loadsBefore = loads.get();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(read(cache, items, id, loads)).isEqualTo("during");
			assertThat(read(cache, items, id, loads)).isEqualTo("during");
			assertThat(this.caches.isBypassed()).isFalse();
		});
		int loadsAfterRecovery = loads.get();
		assertThat(read(cache, items, id, loads)).isEqualTo("during");
		assertThat(loads.get()).as("served from Redis again").isEqualTo(loadsAfterRecovery);
		assertThat(loadsAfterRecovery).isGreaterThan(loadsBefore);
	}

	private String read(VersionedCache<String> cache, ItemTable items, UUID id, AtomicInteger loads) {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		return readOnly.execute((status) -> cache.get(id, () -> {
			loads.incrementAndGet();
			return items.nameOf(id);
		}));
	}

}
