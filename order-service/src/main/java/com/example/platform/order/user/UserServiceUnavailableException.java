package com.example.platform.order.user;

import java.time.Duration;

public class UserServiceUnavailableException extends RuntimeException {

	private final Duration retryAfter;

	public UserServiceUnavailableException(Duration retryAfter, Throwable cause) {
		super("user-service is unavailable, so the user cannot be checked; retry later", cause);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long a client should wait before retrying.
	 * @return the delay
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
