package com.example.platform.local;

/**
 * The administrator user-service creates at start-up, generated once per work directory
 * by the local run.
 *
 * @param email the administrator's email, {@code admin@platform.local}
 * @param password the generated password
 */
public record AdminCredentials(String email, String password) {

	@Override
	public String toString() {
		return "AdminCredentials[email=" + this.email + ", password=(hidden)]";
	}

}
