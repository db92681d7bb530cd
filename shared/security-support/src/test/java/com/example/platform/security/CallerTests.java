package com.example.platform.security;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTests {

	private static final UUID ADA = UUID.randomUUID();

	@Test
	void userIsThemselvesAndNobodyElse() {
		Caller caller = Caller.of(jwt(ADA.toString(), "USER"));

		assertThat(caller.userId()).contains(ADA);
		assertThat(caller.is(ADA)).isTrue();
		assertThat(caller.is(UUID.randomUUID())).isFalse();
		assertThat(caller.is(null)).isFalse();
		assertThat(caller.isAdmin()).isFalse();
		assertThat(caller.isService()).isFalse();
	}

	@Test
	void adminIsRecognised() {
		assertThat(Caller.of(jwt(ADA.toString(), "ADMIN")).isAdmin()).isTrue();
	}

	// A client id that happens to be a UUID must still not act as that user.
	@Test
	void serviceIsNoUser() {
		Caller caller = Caller.of(jwt(ADA.toString(), "SERVICE"));

		assertThat(caller.isService()).isTrue();
		assertThat(caller.userId()).isEmpty();
		assertThat(caller.is(ADA)).isFalse();
	}

	@Test
	void subjectThatIsNoUuidHasNoUserId() {
		assertThat(Caller.of(jwt("order-service", "SERVICE")).userId()).isEmpty();
	}

	@Test
	void tokenWithoutRolesHasNone() {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(ADA.toString()).build();

		assertThat(Caller.of(jwt).roles()).isEmpty();
	}

	@Test
	void readsRolesFromAuthorities() {
		Caller caller = Caller.of(new TestingAuthenticationToken(ADA.toString(), null, "ROLE_ADMIN", "SCOPE_x"));

		assertThat(caller).isEqualTo(new Caller(ADA.toString(), Set.of("ADMIN")));
	}

	private static Jwt jwt(String subject, String... roles) {
		return Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).claim("roles", List.of(roles)).build();
	}

}
