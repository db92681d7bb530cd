package com.example.platform.user.accounts;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one form of an email that decides which account it is: what the unique index holds
 * ({@code users.email_canonical}), what a login looks up and what the login throttle
 * counts. Before, the throttle lower-cased in Java and the lookup in PostgreSQL, which
 * disagree on characters such as "İ" (U+0130): every such character doubled the counters
 * one account had, so the throttle could be sidestepped. The email as typed is kept for
 * display and mail.
 */
public final class CanonicalEmail {

	private CanonicalEmail() {
	}

	/**
	 * The canonical form: NFKC (compatibility characters such as full-width letters
	 * become their plain form), lower case by Java's locale-independent rules, NFKC again
	 * because lower-casing can leave a sequence that is not normalized.
	 * @param email an email as given
	 * @return its canonical form
	 */
	public static String of(String email) {
		String normalized = Normalizer.normalize(email.strip(), Normalizer.Form.NFKC);
		return Normalizer.normalize(normalized.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
	}

}
