package com.example.platform.user.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A full replacement of a user's editable fields.
 *
 * @param email the new email
 * @param name the new name
 * @param version the version the client last read; the update is refused if the user has
 * changed since
 */
record UpdateUserRequest(@NotBlank @Email @Size(max = 254) String email,
		@NotBlank @Size(max = 100) @Pattern(regexp = UserName.PATTERN, message = UserName.MESSAGE) String name,
		@NotNull @PositiveOrZero Long version) {

	UpdateUserRequest {
		email = RegisterUserRequest.strip(email);
		name = RegisterUserRequest.strip(name);
	}

}
