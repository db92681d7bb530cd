package com.example.platform.user.accounts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalEmailTests {

	@Test
	void foldsCaseAndCompatibilityCharacters() {
		assertThat(CanonicalEmail.of(" Ada.Lovelace@Example.COM ")).isEqualTo("ada.lovelace@example.com");
		assertThat(CanonicalEmail.of("\uFF41\uFF44\uFF41@example.com")).isEqualTo("ada@example.com");
	}

	@Test
	void keepsADottedCapitalIApartFromAPlainI() {
		// Java's locale-independent lower case of U+0130 is "i" + U+0307: another email,
		// the same for the throttle, the lookup and the unique index.
		assertThat(CanonicalEmail.of("\u0130vy@example.com")).isNotEqualTo(CanonicalEmail.of("ivy@example.com"))
			.isEqualTo(CanonicalEmail.of("i\u0307vy@example.com"));
	}

	@Test
	void isStableWhenAppliedAgain() {
		for (String email : new String[] { "\u0130vy@example.com", "\uFB01@example.com", "A\u030A@example.com" }) {
			String canonical = CanonicalEmail.of(email);
			assertThat(CanonicalEmail.of(canonical)).isEqualTo(canonical);
		}
	}

}
