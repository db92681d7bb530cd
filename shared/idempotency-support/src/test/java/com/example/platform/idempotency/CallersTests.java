package com.example.platform.idempotency;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

class CallersTests {

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void isTheAuthenticatedPrincipalsName() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()));

		assertThat(Callers.of(new MockHttpServletRequest())).isEqualTo("alice");
	}

	@Test
	void isAnonymousWithoutAuthentication() {
		assertThat(Callers.of(new MockHttpServletRequest())).isEqualTo(Callers.ANONYMOUS);
	}

	@Test
	void isAnonymousForSpringSecuritysAnonymousToken() {
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

		assertThat(Callers.of(new MockHttpServletRequest())).isEqualTo(Callers.ANONYMOUS);
	}

	@Test
	void isAnonymousForAnUnauthenticatedToken() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated("mallory", "guess"));

		assertThat(Callers.of(new MockHttpServletRequest())).isEqualTo(Callers.ANONYMOUS);
	}

}
