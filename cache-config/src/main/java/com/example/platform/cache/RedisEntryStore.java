package com.example.platform.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Cache entries as Redis hashes: {@code v} the version the value was loaded at, and
 * either {@code d} the value as JSON or {@code t} marking a tombstone left by an
 * eviction. Both writes are Lua scripts, so the version check and the write are one
 * atomic step in Redis.
 */
class RedisEntryStore {

	// A value is stored only if it is strictly newer than what Redis holds, so a load
	// that
	// began before an eviction's commit was visible is refused. Equal versions are
	// refused
	// too: a commit is in the WAL a moment before it is visible, so a load at the same
	// position may have missed it. The one exception is the very tombstone the reader saw
	// before it loaded: that eviction was written after its commit became visible, so a
	// load at or past its position saw the change. A replica that has not replayed that
	// far loads an older version and is refused like any other stale reader.
	private static final RedisScript<Long> PUT_IF_NEWER = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], 'v')
			if current then
				local seen = redis.call('HEXISTS', KEYS[1], 't') == 1 and current == ARGV[4]
				local newer = tonumber(ARGV[1]) > tonumber(current)
				if not newer and not (seen and tonumber(ARGV[1]) == tonumber(current)) then return 0 end
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return 1""", Long.class);

	private static final RedisScript<Long> TOMBSTONE = RedisScript.of("""
			local current = redis.call('HGET', KEYS[1], 'v')
			if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'v', ARGV[1], 't', '1')
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return 1""", Long.class);

	private final StringRedisTemplate redis;

	RedisEntryStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	Entry read(String key) {
		Map<Object, Object> fields = this.redis.opsForHash().entries(key);
		if (fields.isEmpty()) {
			return null;
		}
		long version = Long.parseLong((String) fields.get("v"));
		return new Entry(version, (String) fields.get("d"));
	}

	boolean putIfNewer(String key, long version, String json, Duration ttl, long seenTombstone) {
		Long stored = this.redis.execute(PUT_IF_NEWER, List.of(key), Long.toString(version), json,
				Long.toString(ttl.toMillis()), Long.toString(seenTombstone));
		return stored != null && stored == 1L;
	}

	void tombstone(String key, long version, Duration ttl) {
		this.redis.execute(TOMBSTONE, List.of(key), Long.toString(version), Long.toString(ttl.toMillis()));
	}

	/**
	 * Deletes every key under a prefix, a batch at a time, without blocking Redis the way
	 * {@code KEYS} would.
	 */
	void deleteAll(String prefix) {
		List<String> batch = new ArrayList<>();
		try (Cursor<String> keys = this.redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(500).build())) {
			while (keys.hasNext()) {
				batch.add(keys.next());
				if (batch.size() == 500) {
					this.redis.unlink(batch);
					batch.clear();
				}
			}
		}
		if (!batch.isEmpty()) {
			this.redis.unlink(batch);
		}
	}

	/**
	 * What Redis holds for a key.
	 *
	 * @param version the version it was written at
	 * @param json the value, or {@code null} for a tombstone
	 */
	record Entry(long version, String json) {

		boolean isTombstone() {
			return this.json == null;
		}

	}

}
