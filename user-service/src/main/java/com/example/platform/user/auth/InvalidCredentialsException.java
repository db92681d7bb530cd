package com.example.platform.user.auth;

/**
 * A login or client authentication failed. One message for an unknown email and a wrong
 * password, so the answer does not tell which emails are registered.
 */
public class InvalidCredentialsException extends RuntimeException {

	private final boolean client;

	private InvalidCredentialsException(String message, boolean client) {
		super(message);
		this.client = client;
	}

	static InvalidCredentialsException forUser() {
		return new InvalidCredentialsException("Invalid email or password", false);
	}

	static InvalidCredentialsException forClient() {
		return new InvalidCredentialsException("Invalid client credentials", true);
	}

	/**
	 * Whether a client (HTTP Basic) failed, which is answered with a Basic challenge.
	 * @return whether a client failed
	 */
	public boolean isClient() {
		return this.client;
	}

}
