package com.example.platform.user.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;

/**
 * The minimum strength of a password: 12 to 72 UTF-8 bytes (bcrypt ignores anything
 * beyond 72), not one of the bundled common passwords, and not containing the email's
 * local part.
 */
final class PasswordPolicy {

	static final int MIN_BYTES = 12;

	static final int MAX_BYTES = 72;

	// Shorter local parts ("al@...") would forbid most passwords while adding nothing an
	// attacker could guess from the email.
	private static final int MIN_LOCAL_PART = 3;

	private static final Set<String> COMMON = load("security/common-passwords.txt");

	private PasswordPolicy() {
	}

	/**
	 * Checks a password.
	 * @param password the password, not null
	 * @param email the email it is registered with, may be null
	 * @return what is wrong with it, or empty when it is acceptable
	 */
	static Optional<String> problemWith(String password, String email) {
		int bytes = password.getBytes(StandardCharsets.UTF_8).length;
		if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
			return Optional.of("must be %d to %d bytes long (UTF-8)".formatted(MIN_BYTES, MAX_BYTES));
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (COMMON.contains(lower)) {
			return Optional.of("is too common");
		}
		String localPart = localPart(email);
		if (localPart.length() >= MIN_LOCAL_PART && lower.contains(localPart)) {
			return Optional.of("must not contain the email address");
		}
		return Optional.empty();
	}

	private static String localPart(String email) {
		if (email == null) {
			return "";
		}
		int at = email.lastIndexOf('@');
		return ((at >= 0) ? email.substring(0, at) : email).strip().toLowerCase(Locale.ROOT);
	}

	private static Set<String> load(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map((line) -> line.toLowerCase(Locale.ROOT))
				.collect(Collectors.toUnmodifiableSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
