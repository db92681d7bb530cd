package com.example.platform.user.accounts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

	@Test
	void acceptsLongUncommonPassword() {
		assertThat(PasswordPolicy.problemWith("correct horse battery staple", "ada@example.com")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "elevenchars" })
	void refusesShortPasswords(String password) {
		assertThat(PasswordPolicy.problemWith(password, "ada@example.com"))
			.contains("must be 12 to 72 bytes long (UTF-8)");
	}

	// 37 characters, but 74 bytes: bcrypt would silently ignore the end.
	@Test
	void countsLengthInUtf8Bytes() {
		assertThat(PasswordPolicy.problemWith("ü".repeat(37), "ada@example.com"))
			.contains("must be 12 to 72 bytes long (UTF-8)");
	}

	@Test
	void acceptsSeventyTwoBytesExactly() {
		assertThat(PasswordPolicy.problemWith("ü".repeat(36), "ada@example.com")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "password1234", "PASSWORD1234", "qwertyuiop123" })
	void refusesCommonPasswordsInAnyCase(String password) {
		assertThat(PasswordPolicy.problemWith(password, "ada@example.com")).contains("is too common");
	}

	@Test
	void refusesPasswordContainingTheEmailsLocalPart() {
		assertThat(PasswordPolicy.problemWith("My-GraceHopper-2026", "gracehopper@example.com"))
			.contains("must not contain the email address");
	}

}
