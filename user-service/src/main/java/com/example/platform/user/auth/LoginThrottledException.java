package com.example.platform.user.auth;

import java.time.Duration;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

/**
 * A login attempt for an email from an address before the delay its earlier failures
 * earned has passed.
 */
public class LoginThrottledException extends DomainException {

	LoginThrottledException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS,
				"Too many failed logins for this email from your address; retry after Retry-After seconds");
		retryAfter(retryAfter);
	}

}
