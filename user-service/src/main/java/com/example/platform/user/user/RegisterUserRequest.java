package com.example.platform.user.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RegisterUserRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 100) String name) {

	// Trimmed before validation, so " ada@example.com " is accepted and stored without
	// the spaces. Case is kept as given; uniqueness ignores it.
	RegisterUserRequest {
		email = strip(email);
		name = strip(name);
	}

	static String strip(String value) {
		return (value != null) ? value.strip() : null;
	}

}
