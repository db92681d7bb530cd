package com.example.platform.user.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A user's login.
 *
 * @param email the email registered with
 * @param password the password
 */
record TokenRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password) {

	// Spring MVC logs request bodies at DEBUG.
	@Override
	public String toString() {
		return "TokenRequest[email=%s, password=******]".formatted(this.email);
	}

}
