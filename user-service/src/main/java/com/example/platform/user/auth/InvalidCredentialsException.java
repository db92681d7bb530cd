package com.example.platform.user.auth;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A login or client authentication failed. One message for an unknown email and a wrong
 * password, so the answer does not tell which emails are registered.
 */
public class InvalidCredentialsException extends DomainException {

	private InvalidCredentialsException(String message) {
		super(HttpStatus.UNAUTHORIZED, message);
	}

	static InvalidCredentialsException forUser() {
		return new InvalidCredentialsException("Invalid email or password");
	}

	static InvalidCredentialsException forClient() {
		// A client (HTTP Basic) failed: answered with a Basic challenge.
		InvalidCredentialsException ex = new InvalidCredentialsException("Invalid client credentials");
		ex.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"platform\"");
		return ex;
	}

}
