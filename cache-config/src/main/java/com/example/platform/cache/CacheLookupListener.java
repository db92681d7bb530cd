package com.example.platform.cache;

import java.util.List;

/**
 * Told the outcome of each cache lookup, on the thread that made it.
 */
@FunctionalInterface
interface CacheLookupListener {

	CacheLookupListener NONE = (cache, outcome) -> {
	};

	/**
	 * One listener that tells all of them.
	 * @param listeners the listeners, possibly none
	 * @return the listener to hand the caches
	 */
	static CacheLookupListener all(List<CacheLookupListener> listeners) {
		return switch (listeners.size()) {
			case 0 -> NONE;
			case 1 -> listeners.getFirst();
			default -> (cache, outcome) -> listeners.forEach((listener) -> listener.looked(cache, outcome));
		};
	}

	/**
	 * A lookup ended.
	 * @param cache the cache's name
	 * @param outcome {@code hit}, {@code miss} (loaded from the database) or {@code skip}
	 * (a strong read, which only the database may answer)
	 */
	void looked(String cache, String outcome);

}
