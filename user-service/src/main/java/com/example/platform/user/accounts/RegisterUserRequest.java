package com.example.platform.user.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A registration.
 *
 * @param email the email, also the login
 * @param name the display name
 * @param password the password, checked against the {@link PasswordPolicy}; never stored,
 * logged or echoed
 */
@AcceptablePassword
record RegisterUserRequest(@NotBlank @Email @Size(max = 254) String email,
		@NotBlank @Size(max = 100) @Pattern(regexp = UserName.PATTERN, message = UserName.MESSAGE) String name,
		@NotNull String password) {

	// Trimmed before validation, so " ada@example.com " is accepted and stored without
	// the spaces. Case is kept as given; uniqueness ignores it. The password is kept
	// exactly as typed.
	RegisterUserRequest {
		email = strip(email);
		name = strip(name);
	}

	static String strip(String value) {
		return (value != null) ? value.strip() : null;
	}

	// Spring MVC logs request bodies at DEBUG.
	@Override
	public String toString() {
		return "RegisterUserRequest[email=%s, name=%s, password=******]".formatted(this.email, this.name);
	}

}
