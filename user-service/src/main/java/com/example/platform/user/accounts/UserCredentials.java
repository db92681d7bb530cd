package com.example.platform.user.accounts;

import java.util.UUID;

/**
 * What logging in checks a password against.
 *
 * @param userId the user's id, the token's subject
 * @param passwordHash the stored hash, or null for a user who has no password
 * @param role the user's role, e.g. {@code USER}
 */
public record UserCredentials(UUID userId, String passwordHash, String role) {

	// Keeps the hash out of any log line that prints the record.
	@Override
	public String toString() {
		return "UserCredentials[userId=%s, role=%s]".formatted(this.userId, this.role);
	}

}
