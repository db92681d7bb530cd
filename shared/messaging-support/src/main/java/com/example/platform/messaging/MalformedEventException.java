package com.example.platform.messaging;

/**
 * A record that can never be applied however often it is retried: not JSON, not an
 * envelope, or a payload that breaks its schema. It goes to the dead-letter topic at
 * once.
 */
public class MalformedEventException extends RuntimeException {

	/**
	 * A record that cannot be applied.
	 * @param message why
	 */
	public MalformedEventException(String message) {
		super(message);
	}

	/**
	 * A record that cannot be applied.
	 * @param message why
	 * @param cause what the parser said
	 */
	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
