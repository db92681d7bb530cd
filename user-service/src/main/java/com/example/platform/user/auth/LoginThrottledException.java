package com.example.platform.user.auth;

import java.time.Duration;

/**
 * Too many failed logins for one email within the window.
 */
public class LoginThrottledException extends RuntimeException {

	private final Duration retryAfter;

	LoginThrottledException(Duration retryAfter) {
		super("Too many failed logins for this email; retry later");
		this.retryAfter = retryAfter;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
