package com.example.platform.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A cache-aside cache that is never left stale by a race between a reader and a writer.
 * Each entry carries the version (the database's WAL position) it was loaded at; an
 * eviction leaves a tombstone at the version after the writer's commit, and Redis stores
 * a loaded value only if it is newer than whatever the key holds. A reader that loaded
 * the old row before the writer committed therefore cannot put it back.
 * <p>
 * Concurrent misses for one key in one instance share a single database load. Values are
 * JSON of one declared type, never polymorphic, so cached bytes cannot choose the class
 * they turn into.
 *
 * @param <V> the cached type
 */
public final class VersionedCache<V> {

	/**
	 * The minimum version of a read that only the database itself may answer.
	 */
	public static final long STRONG = Long.MAX_VALUE;

	private final String name;

	private final Class<V> type;

	private final String prefix;

	private final Duration ttl;

	private final Duration tombstoneTtl;

	private final RedisEntryStore store;

	private final CacheGuard guard;

	private final VersionClock clock;

	private final JsonMapper json;

	private final ConcurrentMap<String, CompletableFuture<Loaded<V>>> loading = new ConcurrentHashMap<>();

	private final Counter hits;

	private final Counter misses;

	private final Counter puts;

	private final Counter evictions;

	private final Counter loads;

	private final Counter errors;

	private final CacheLookupListener lookups;

	VersionedCache(String name, Class<V> type, String prefix, Duration ttl, Duration tombstoneTtl,
			RedisEntryStore store, CacheGuard guard, VersionClock clock, JsonMapper json, MeterRegistry meters,
			CacheLookupListener lookups) {
		this.name = name;
		this.type = type;
		this.prefix = prefix;
		this.ttl = ttl;
		this.tombstoneTtl = tombstoneTtl;
		this.store = store;
		this.guard = guard;
		this.clock = clock;
		this.json = json;
		this.hits = counter(meters, "cache.gets", "hit");
		this.misses = counter(meters, "cache.gets", "miss");
		this.puts = counter(meters, "cache.puts", null);
		this.evictions = counter(meters, "cache.evictions", null);
		this.loads = counter(meters, "platform.cache.loads", null);
		// Redis calls that failed or were refused by the open breaker; the database
		// answered.
		this.errors = counter(meters, "platform.cache.errors", null);
		this.lookups = lookups;
	}

	/**
	 * The cache's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	Class<V> type() {
		return this.type;
	}

	/**
	 * Returns the cached value, or loads, caches and returns it.
	 * @param key the key
	 * @param loader reads the value from the database; {@code null} for "absent", which
	 * is not cached. Runs in the caller's transaction.
	 * @return the value, or {@code null} when the loader found nothing
	 */
	public V get(Object key, Supplier<V> loader) {
		return get(key, loader, 0L);
	}

	/**
	 * Returns a value at least as new as the given version, from the cache when it holds
	 * one, else from the loader: a client that presents the version of its own write
	 * never reads a cached value older than that write.
	 * @param key the key
	 * @param loader reads the value from the database, in the caller's transaction
	 * @param minimumVersion the oldest version acceptable; {@link #STRONG} skips the
	 * cache and any load shared with other readers
	 * @return the value, or {@code null} when the loader found nothing
	 */
	public V get(Object key, Supplier<V> loader, long minimumVersion) {
		String redisKey = this.prefix + key;
		if (minimumVersion == STRONG) {
			this.misses.increment();
			this.lookups.looked(this.name, "skip");
			Loaded<V> loaded = load(loader);
			store(redisKey, loaded, -1L);
			return loaded.value();
		}
		Optional<RedisEntryStore.Entry> cached = this.guard.read(() -> this.store.read(redisKey), this.errors);
		// Strictly newer than the client's write: an entry loaded at exactly that
		// position
		// may have been read a moment before the write became visible.
		if (cached.isPresent() && !cached.get().isTombstone() && cached.get().version() > minimumVersion) {
			this.hits.increment();
			this.lookups.looked(this.name, "hit");
			return this.json.readValue(cached.get().json(), this.type);
		}
		this.misses.increment();
		this.lookups.looked(this.name, "miss");
		long seenTombstone = cached.filter(RedisEntryStore.Entry::isTombstone)
			.map(RedisEntryStore.Entry::version)
			.orElse(-1L);
		Loaded<V> loaded = loadOnce(redisKey, loader, seenTombstone);
		if (minimumVersion > 0 && loaded.version() <= minimumVersion) {
			// Another thread's load, perhaps begun before this client's write was
			// visible.
			loaded = load(loader);
		}
		return loaded.value();
	}

	/**
	 * Evicts an entry once the current transaction has committed (at once outside one),
	 * so no reader can load the old row again after the eviction.
	 * @param key the key
	 */
	public void evict(Object key) {
		String redisKey = this.prefix + key;
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					tombstone(redisKey);
				}
			});
		}
		else {
			tombstone(redisKey);
		}
	}

	private void tombstone(String redisKey) {
		long version = this.clock.current();
		this.guard.evict(() -> this.store.tombstone(redisKey, version, this.tombstoneTtl), this.errors);
		this.evictions.increment();
	}

	private Loaded<V> loadOnce(String redisKey, Supplier<V> loader, long seenTombstone) {
		CompletableFuture<Loaded<V>> mine = new CompletableFuture<>();
		CompletableFuture<Loaded<V>> running = this.loading.putIfAbsent(redisKey, mine);
		if (running != null) {
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}
		try {
			Loaded<V> loaded = load(loader);
			store(redisKey, loaded, seenTombstone);
			mine.complete(loaded);
			return loaded;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loading.remove(redisKey, mine);
		}
	}

	private void store(String redisKey, Loaded<V> loaded, long seenTombstone) {
		if (loaded.value() == null) {
			return;
		}
		String value = this.json.writeValueAsString(loaded.value());
		this.guard.put(() -> {
			if (this.store.putIfNewer(redisKey, loaded.version(), value, this.ttl, seenTombstone)) {
				this.puts.increment();
			}
		}, this.errors);
	}

	private Loaded<V> load(Supplier<V> loader) {
		// The version is read first: the data loaded next is at least that new.
		long version = this.clock.current();
		V value = loader.get();
		this.loads.increment();
		return new Loaded<>(value, version);
	}

	private Counter counter(MeterRegistry meters, String meter, String result) {
		Counter.Builder builder = Counter.builder(meter).tag("cache", this.name).tag("cache.manager", "platform");
		if (result != null) {
			builder.tag("result", result);
		}
		return builder.register(meters);
	}

	private record Loaded<V>(V value, long version) {
	}

}
