package com.example.platform.idempotency;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.ClassUtils;

/**
 * Whose key a request uses: keys are scoped per caller, so one client can never receive
 * another's replayed response by guessing its key.
 */
final class Callers {

	static final String ANONYMOUS = "anonymous";

	private static final boolean SPRING_SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.core.context.SecurityContextHolder", Callers.class.getClassLoader());

	private Callers() {
	}

	static String of(HttpServletRequest request) {
		if (SPRING_SECURITY_PRESENT) {
			return SecurityContextCaller.current().orElse(ANONYMOUS);
		}
		Principal principal = request.getUserPrincipal();
		return (principal != null) ? principal.getName() : ANONYMOUS;
	}

}
