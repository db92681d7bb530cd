package com.example.platform.idempotency;

import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller as Spring Security authenticated it. Kept apart from {@link Callers} so the
 * module loads in services without Spring Security.
 */
final class SecurityContextCaller {

	private SecurityContextCaller() {
	}

	static Optional<String> current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return Optional.empty();
		}
		return Optional.ofNullable(authentication.getName());
	}

}
