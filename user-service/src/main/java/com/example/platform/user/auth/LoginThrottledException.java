package com.example.platform.user.auth;

import java.time.Duration;

/**
 * A login attempt for an email from an address before the delay its earlier failures
 * earned has passed.
 */
public class LoginThrottledException extends RuntimeException {

	private final Duration retryAfter;

	LoginThrottledException(Duration retryAfter) {
		super("Too many failed logins for this email from your address; retry after Retry-After seconds");
		this.retryAfter = retryAfter;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
