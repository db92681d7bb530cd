package com.example.platform.user.accounts;

final class UserName {

	// Starts with a letter; then letters, combining marks, spaces, apostrophes, hyphens
	// and dots: any real name, and no quote-and-semicolon payloads.
	static final String PATTERN = "^\\p{L}[\\p{L}\\p{M} '’.\\-]*$";

	static final String MESSAGE = "must start with a letter and contain only letters, spaces, apostrophes, hyphens and dots";

	private UserName() {
	}

}
