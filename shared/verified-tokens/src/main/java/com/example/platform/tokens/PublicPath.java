package com.example.platform.tokens;

import org.springframework.http.HttpMethod;

/**
 * One {@code platform.security.public-paths} entry, parsed alike by the gateway and the
 * services: the whole entry must match {@link #FORMAT}, then it is split (the gateway's
 * order; the services' copy split first and checked the parts after).
 *
 * @param method the HTTP method
 * @param pattern the path pattern
 */
public record PublicPath(HttpMethod method, String pattern) {

	/** {@code METHOD /pattern}, the shape every entry must have. */
	public static final String FORMAT = "(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /\\S*";

	/**
	 * Parses one entry.
	 * @param entry e.g. {@code POST /api/users}
	 * @return the method and pattern
	 * @throws IllegalArgumentException if the entry is not {@code METHOD /path}
	 */
	public static PublicPath parse(String entry) {
		String trimmed = entry.strip();
		if (!trimmed.matches(FORMAT)) {
			throw new IllegalArgumentException("Public path '%s' is not 'METHOD /path'".formatted(entry));
		}
		String[] parts = trimmed.split("\\s+", 2);
		return new PublicPath(HttpMethod.valueOf(parts[0]), parts[1]);
	}

}
