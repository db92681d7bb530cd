package com.example.platform.security;

import org.springframework.http.HttpMethod;

/**
 * One {@code platform.security.public-paths} entry.
 *
 * @param method the HTTP method
 * @param pattern the path pattern
 */
record PublicPath(HttpMethod method, String pattern) {

	static final String FORMAT = "(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /\\S*";

	static PublicPath parse(String entry) {
		String[] parts = entry.strip().split("\\s+", 2);
		if (parts.length != 2 || !entry.strip().matches(FORMAT)) {
			throw new IllegalArgumentException("Public path '%s' is not 'METHOD /path'".formatted(entry));
		}
		return new PublicPath(HttpMethod.valueOf(parts[0]), parts[1]);
	}

}
