package com.example.platform.order.user;

import java.time.Duration;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

public class UserServiceUnavailableException extends DomainException {

	public UserServiceUnavailableException(Duration retryAfter, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "user-service is unavailable, so the user cannot be checked; retry later",
				cause);
		retryAfter(retryAfter);
	}

}
