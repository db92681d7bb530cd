package com.example.platform.order.user;

import java.time.Instant;
import java.util.UUID;

/**
 * What order-service last heard about a user from {@code user-events}.
 *
 * @param id the user
 * @param status {@code ACTIVE} or {@code DELETED}
 * @param name the display name; null once deleted
 * @param version the user's version the projection reflects
 * @param updatedAt when the event that produced this state occurred
 */
public record ProjectedUser(UUID id, Status status, String name, long version, Instant updatedAt) {

	/**
	 * A user's lifecycle as seen through its events.
	 */
	public enum Status {

		/** Registered and not deleted. */
		ACTIVE,

		/** Deleted; the row stays so a late, older event cannot bring the user back. */
		DELETED

	}

	/**
	 * Whether the user exists as far as the projection knows.
	 * @return {@code true} for an active user
	 */
	public boolean isActive() {
		return this.status == Status.ACTIVE;
	}

}
