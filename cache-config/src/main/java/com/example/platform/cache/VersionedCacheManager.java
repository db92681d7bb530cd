package com.example.platform.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands out the service's caches, all under one Redis prefix:
 * {@code <application>:v<schemaVersion>:<cache>:<key>}. Services sharing one Redis never
 * collide, and a schema bump never reads entries written by an older deploy.
 */
public final class VersionedCacheManager {

	private final ConcurrentMap<String, VersionedCache<?>> caches = new ConcurrentHashMap<>();

	private final PlatformCacheProperties properties;

	private final String namespace;

	private final RedisEntryStore store;

	private final CacheGuard guard;

	private final VersionClock clock;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final CacheLookupListener lookups;

	VersionedCacheManager(PlatformCacheProperties properties, String namespace, RedisEntryStore store, CacheGuard guard,
			VersionClock clock, JsonMapper json, MeterRegistry meters, CacheLookupListener lookups) {
		this.properties = properties;
		this.namespace = namespace;
		this.store = store;
		this.guard = guard;
		this.clock = clock;
		this.json = json;
		this.meters = meters;
		this.lookups = lookups;
	}

	/**
	 * The cache of the given name, holding values of one type.
	 * @param <V> the type
	 * @param name the cache name, whose TTL comes from {@code platform.cache.ttls}
	 * @param type the type of its values
	 * @return the cache
	 */
	@SuppressWarnings("unchecked")
	public <V> VersionedCache<V> cache(String name, Class<V> type) {
		// A cache first met through evict(name, key) has no value type yet (Void).
		VersionedCache<?> cache = this.caches.compute(name,
				(key, existing) -> (existing == null || existing.type() == Void.class) ? create(name, type) : existing);
		if (!cache.type().equals(type)) {
			throw new IllegalArgumentException(
					"Cache '" + name + "' holds " + cache.type().getName() + ", not " + type.getName());
		}
		return (VersionedCache<V>) cache;
	}

	/**
	 * Evicts an entry of the named cache after the current transaction commits, for code
	 * that changes what a cache holds without handling its values (e.g. a projection that
	 * updates a counter shown in a cached view).
	 * @param name the cache
	 * @param key the key
	 */
	public void evict(String name, Object key) {
		this.caches.computeIfAbsent(name, (ignored) -> create(name, Void.class)).evict(key);
	}

	private <V> VersionedCache<V> create(String name, Class<V> type) {
		return new VersionedCache<>(name, type, this.namespace + name + ":", this.properties.ttlOf(name),
				this.properties.tombstoneTtl(), this.store, this.guard, this.clock, this.json, this.meters,
				this.lookups);
	}

	/**
	 * Whether the cache is currently skipped because Redis is unavailable or not yet
	 * trusted again.
	 * @return {@code true} while bypassed
	 */
	public boolean isBypassed() {
		return this.guard.isBypassed();
	}

	String namespace() {
		return this.namespace;
	}

	/**
	 * The same caches seen by a reader whose database is at another position, such as a
	 * lagging replica.
	 */
	VersionedCacheManager withClock(VersionClock clock) {
		return new VersionedCacheManager(this.properties, this.namespace, this.store, this.guard, clock, this.json,
				this.meters, this.lookups);
	}

	CacheGuard guard() {
		return this.guard;
	}

}
