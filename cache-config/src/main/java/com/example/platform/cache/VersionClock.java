package com.example.platform.cache;

/**
 * Tells how recent the data a transaction reads is, as a number that only grows: entries
 * loaded at an older version can never overwrite a newer eviction.
 */
@FunctionalInterface
public interface VersionClock {

	/**
	 * The version of what the current transaction sees, or of everything committed so far
	 * when called outside one.
	 * @return the version
	 */
	long current();

}
