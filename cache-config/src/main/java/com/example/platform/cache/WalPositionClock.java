package com.example.platform.cache;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL's write-ahead-log position as the cache version: it only grows, every commit
 * advances it, and a replica reports how far it has replayed, so an entry loaded from a
 * lagging replica is older than an eviction made on the primary. Read before the data, in
 * the same transaction, so the data is at least as new as the version says.
 */
class WalPositionClock implements VersionClock {

	private static final String POSITION = """
			select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_insert_lsn() end)
			       - '0/0'::pg_lsn""";

	private final JdbcTemplate jdbc;

	WalPositionClock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public long current() {
		Long position = this.jdbc.queryForObject(POSITION, Long.class);
		return (position != null) ? position : 0L;
	}

}
