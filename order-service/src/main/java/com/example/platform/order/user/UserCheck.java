package com.example.platform.order.user;

/**
 * How a user's existence was established for an order.
 */
public enum UserCheck {

	/** user-service answered. */
	VERIFIED,

	/**
	 * user-service could not answer, so the local projection of its events decided: the
	 * user may have been deleted a moment ago without the projection knowing yet.
	 */
	DEGRADED

}
