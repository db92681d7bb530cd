package com.example.platform.datasource;

/**
 * A position in PostgreSQL's write-ahead log, written {@code 16/B374D848}: the commit
 * position a client receives as its consistency token, and how far a replica has
 * replayed.
 *
 * @param value the position as an unsigned 64-bit number
 */
record Lsn(long value) implements Comparable<Lsn> {

	/**
	 * Parses PostgreSQL's text form.
	 * @param text e.g. {@code 0/3000148}
	 * @return the position
	 * @throws IllegalArgumentException if the text is not a position
	 */
	static Lsn parse(String text) {
		int slash = (text != null) ? text.indexOf('/') : -1;
		if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
			throw new IllegalArgumentException("Not a WAL position: '" + text + "'");
		}
		try {
			long high = Long.parseLong(text.substring(0, slash), 16);
			long low = Long.parseLong(text.substring(slash + 1), 16);
			return new Lsn((high << 32) | low);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a WAL position: '" + text + "'", ex);
		}
	}

	boolean isAtLeast(Lsn other) {
		return compareTo(other) >= 0;
	}

	long bytesAfter(Lsn other) {
		return Math.max(0, this.value - other.value);
	}

	@Override
	public int compareTo(Lsn other) {
		return Long.compareUnsigned(this.value, other.value);
	}

	@Override
	public String toString() {
		return Long.toHexString(this.value >>> 32).toUpperCase() + "/"
				+ Long.toHexString(this.value & 0xFFFFFFFFL).toUpperCase();
	}

}
