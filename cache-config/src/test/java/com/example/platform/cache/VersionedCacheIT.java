package com.example.platform.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache against real Redis and PostgreSQL, including the cache-aside race: a reader
 * loads the old row, the writer commits and evicts, then the reader stores what it
 * loaded.
 */
@SpringBootTest(classes = CacheTestApplication.class, properties = "spring.application.name=cache-config-test")
@WithEmbeddedInfrastructure
class VersionedCacheIT {

	@Autowired
	VersionedCacheManager caches;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MeterRegistry meters;

	@Autowired
	CacheTestApplication.RecordedLookups lookups;

	ItemTable items;

	TransactionTemplate transaction;

	VersionedCache<String> cache;

	@BeforeEach
	void setUp() {
		this.items = new ItemTable(this.jdbc);
		this.transaction = new TransactionTemplate(this.transactionManager);
		this.cache = this.caches.cache("items", String.class);
	}

	@Test
	void servesRepeatedReadsFromRedis() {
		UUID id = this.items.insert("lamp");
		AtomicInteger loads = new AtomicInteger();
		this.lookups.outcomes.clear();
		for (int i = 0; i < 5; i++) {
			assertThat(read(id, loads)).isEqualTo("lamp");
		}
		assertThat(loads).hasValue(1);
		assertThat(this.lookups.outcomes).as("what X-Cache names")
			.containsExactly("items=miss", "items=hit", "items=hit", "items=hit", "items=hit");
		// Not KEYS: the applications' Redis user may not run it (a scan of the whole
		// keyspace).
		assertThat(this.redis.hasKey("cache-config-test:v1:items:" + id)).isTrue();
		assertThat(this.meters.counter("cache.gets", "cache", "items", "cache.manager", "platform", "result", "hit")
			.count()).isGreaterThanOrEqualTo(4);
	}

	@Test
	void naiveCacheAsideKeepsTheOldRowAfterTheRace() throws Exception {
		UUID id = this.items.insert("old");
		String key = "naive:" + id;
		CountDownLatch loaded = new CountDownLatch(1);
		CountDownLatch evicted = new CountDownLatch(1);
		Future<?> reader = Executors.newSingleThreadExecutor().submit(() -> {
			String name = readOnly(() -> this.items.nameOf(id));
			loaded.countDown();
			awaitLatch(evicted);
			this.redis.opsForValue().set(key, name);
		});
		awaitLatch(loaded);
		this.transaction.executeWithoutResult((status) -> this.items.rename(id, "new"));
		this.redis.delete(key);
		evicted.countDown();
		reader.get(10, TimeUnit.SECONDS);

		assertThat(this.items.nameOf(id)).isEqualTo("new");
		assertThat(this.redis.opsForValue().get(key)).as("the naive cache now serves the old row").isEqualTo("old");
	}

	@Test
	void versionedCacheRefusesTheOldRowAfterTheSameRace() throws Exception {
		UUID id = this.items.insert("old");
		CountDownLatch loaded = new CountDownLatch(1);
		CountDownLatch evicted = new CountDownLatch(1);
		Future<String> reader = Executors.newSingleThreadExecutor()
			.submit(() -> readOnly(() -> this.cache.get(id, () -> {
				String name = this.items.nameOf(id);
				loaded.countDown();
				awaitLatch(evicted);
				return name;
			})));
		awaitLatch(loaded);
		this.transaction.executeWithoutResult((status) -> {
			this.items.rename(id, "new");
			this.cache.evict(id);
		});
		evicted.countDown();
		assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("old");

		AtomicInteger loads = new AtomicInteger();
		assertThat(read(id, loads)).isEqualTo("new");
		assertThat(loads).as("the stale value was refused, so the next read loads").hasValue(1);
		assertThat(read(id, loads)).isEqualTo("new");
		assertThat(loads).as("and the fresh value is cached").hasValue(1);
	}

	@Test
	void aLaggingReplicaCannotStoreTheOldRowItReadAfterAnEviction() {
		UUID id = this.items.insert("old");
		assertThat(read(id, new AtomicInteger())).isEqualTo("old");
		this.transaction.executeWithoutResult((status) -> {
			this.items.rename(id, "new");
			this.cache.evict(id);
		});
		long tombstone = Long
			.parseLong((String) this.redis.opsForHash().get(this.caches.namespace() + "items:" + id, "v"));
		// A replica that has not replayed the change still answers "old", at an older
		// position, although the reader saw the eviction's tombstone before loading.
		VersionedCache<String> onLaggingReplica = this.caches.withClock(() -> tombstone - 100)
			.cache("items", String.class);
		assertThat(onLaggingReplica.get(id, () -> "old")).isEqualTo("old");

		AtomicInteger loads = new AtomicInteger();
		assertThat(read(id, loads)).isEqualTo("new");
		assertThat(loads).as("the replica's old row was not stored").hasValue(1);
	}

	@Test
	void evictsOnlyAfterTheTransactionCommits() {
		UUID id = this.items.insert("before");
		assertThat(read(id, new AtomicInteger())).isEqualTo("before");
		this.transaction.executeWithoutResult((status) -> {
			this.items.rename(id, "after");
			this.cache.evict(id);
			assertThat(this.redis.opsForHash().get(this.caches.namespace() + "items:" + id, "d"))
				.as("still cached inside the writing transaction")
				.isNotNull();
		});
		assertThat(read(id, new AtomicInteger())).isEqualTo("after");
	}

	@Test
	void deletesAreFinal() {
		UUID id = this.items.insert("doomed");
		assertThat(read(id, new AtomicInteger())).isEqualTo("doomed");
		this.transaction.executeWithoutResult((status) -> {
			this.items.delete(id);
			this.cache.evict(id);
		});
		assertThat(read(id, new AtomicInteger())).isNull();
	}

	@Test
	void concurrentMissesForOneKeyLoadOnce() throws Exception {
		UUID id = this.items.insert("popular");
		// Below the connection pool's size: each reader holds a connection for its
		// transaction.
		int readers = 8;
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(readers, (task) -> {
			Thread thread = new Thread(task);
			threads.add(thread);
			return thread;
		});
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < readers; i++) {
			results.add(pool.submit(() -> readOnly(() -> this.cache.get(id, () -> {
				loads.incrementAndGet();
				awaitLatch(release);
				return this.items.nameOf(id);
			}))));
		}
		// Every reader is parked: one in the loader (on the release latch), the others
		// waiting for its result.
		await().atMost(java.time.Duration.ofSeconds(10))
			.until(() -> loads.get() == 1 && threads.size() == readers
					&& threads.stream()
						.allMatch((thread) -> thread.getState() == Thread.State.WAITING
								|| thread.getState() == Thread.State.TIMED_WAITING));
		release.countDown();
		for (Future<String> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("popular");
		}
		assertThat(loads).hasValue(1);
		pool.shutdown();
	}

	@Test
	void aReaderThatPresentsANewerVersionIsNotServedAnOlderEntry() {
		UUID id = this.items.insert("v1");
		assertThat(read(id, new AtomicInteger())).isEqualTo("v1");
		// Renamed behind the cache's back, as if the entry were older than the client's
		// write.
		this.items.rename(id, "v2");
		long afterWrite = this.transaction.execute((status) -> new WalPositionClock(this.jdbc).current());
		assertThat(readOnly(() -> this.cache.get(id, () -> this.items.nameOf(id)))).isEqualTo("v1");
		assertThat(readOnly(() -> this.cache.get(id, () -> this.items.nameOf(id), afterWrite))).isEqualTo("v2");
	}

	private String read(UUID id, AtomicInteger loads) {
		return readOnly(() -> this.cache.get(id, () -> {
			loads.incrementAndGet();
			return this.items.nameOf(id);
		}));
	}

	private <T> T readOnly(java.util.function.Supplier<T> work) {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		return readOnly.execute((status) -> work.get());
	}

	static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Timed out waiting for the other side of the race");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
