package com.example.platform.datasource;

/**
 * What the current request asks of a read, for layers in front of the database (such as a
 * cache) that must honour the same consistency model as the routing does.
 */
public final class ReadConsistency {

	private ReadConsistency() {
	}

	/**
	 * The oldest WAL position the current request accepts: {@code 0} when any data will
	 * do (eventual), the client's consistency token for read-your-writes, and
	 * {@link Long#MAX_VALUE} for {@code Consistency: strong}, which only the primary
	 * itself can answer.
	 * @return the position, comparable with {@code pg_current_wal_insert_lsn() - '0/0'}
	 */
	public static long minimumPosition() {
		RequestConsistency consistency = RequestConsistency.current();
		if (consistency == null) {
			return 0L;
		}
		if (consistency.strong()) {
			return Long.MAX_VALUE;
		}
		Lsn required = consistency.required();
		return (required != null) ? required.value() : 0L;
	}

}
