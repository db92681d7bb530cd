package com.example.platform.user.caching;

/**
 * The caches of user-service, named once for the features that fill and evict them.
 */
public final class CacheNames {

	/**
	 * Users by id, as {@code GET /api/users/{id}} shows them, including the order figures
	 * that order events change.
	 */
	public static final String USERS = "users";

	private CacheNames() {
	}

}
