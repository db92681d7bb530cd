package com.example.platform.gateway.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.RevokedSubjects;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Pins the problem details to the exceptions Spring Security and Nimbus actually raise,
 * through the gateway's own validator chain, so an upgrade that rewords them fails here.
 */
class BearerTokenProblemsTests {

	private static final PlatformSecurityProperties SECURITY = new PlatformSecurityProperties("platform",
			"platform-api", List.of(URI.create(TestTokens.jwksServer() + TestTokens.JWKS_PATH)), Duration.ofSeconds(5),
			Duration.ofSeconds(10), List.of(), 10_000);

	private final RevokedSubjects revoked = new RevokedSubjects(Clock.systemUTC());

	private final JwtReactiveAuthenticationManager authentication = authenticationManager(this.revoked);

	@Test
	void acceptsAValidToken() {
		assertThat(this.authentication.authenticate(bearer(TestTokens.admin())).block()).isNotNull()
			.satisfies((token) -> assertThat(token.getAuthorities()).extracting(Object::toString)
				.containsExactly("ROLE_ADMIN"));
	}

	@Test
	void namesEachRejection() {
		UUID user = UUID.randomUUID();
		assertThat(detailFor(TestTokens.expired(user))).isEqualTo("Bearer token expired");
		assertThat(detailFor(ForgedTokens.wrongSignature(user))).isEqualTo("Bearer token signature is invalid");
		assertThat(detailFor(ForgedTokens.tampered(user))).isEqualTo("Bearer token signature is invalid");
		assertThat(detailFor(ForgedTokens.hmacSignedWithPublicKey(user)))
			.isEqualTo("Bearer token algorithm is not accepted");
		assertThat(detailFor(TestTokens.builder().signedWith(TestTokens.generateKey("unknown-key")).sign()))
			.isEqualTo("Bearer token is signed with an unknown key");
		assertThat(detailFor(ForgedTokens.algNone(user))).isEqualTo("Bearer token is not signed");
		assertThat(detailFor(ForgedTokens.wrongIssuer(user))).isEqualTo("Bearer token has the wrong issuer");
		assertThat(detailFor(ForgedTokens.wrongAudience(user))).isEqualTo("Bearer token has the wrong audience");
		assertThat(detailFor("not-a-jwt")).isEqualTo("Bearer token is malformed");
		assertThat(detailFor(TestTokens.builder().subject(" ").sign())).isEqualTo("Bearer token has no subject");
		assertThat(
				detailFor(TestTokens.builder().claim("nbf", Date.from(Instant.now().plus(Duration.ofHours(1)))).sign()))
			.isEqualTo("Bearer token is not valid yet");
	}

	@Test
	void namesADeletedUsersToken() {
		UUID user = UUID.randomUUID();
		this.revoked.revoke(user.toString());
		assertThat(detailFor(TestTokens.builder().subject(user.toString()).sign()))
			.isEqualTo("Bearer token's user has been deleted");
	}

	@Test
	void challengesAMissingTokenWithoutAnError() {
		BearerTokenRejectedException rejection = BearerTokenProblems
			.rejection(new AuthenticationCredentialsNotFoundException("Not Authenticated"));
		assertThat(rejection.getReason()).isEqualTo("Missing bearer token");
		assertThat(rejection.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
	}

	@Test
	void challengesAnInvalidTokenWithTheReason() {
		AuthenticationException failure = rejectionOf(TestTokens.expired(UUID.randomUUID()));
		assertThat(BearerTokenProblems.rejection(failure).getHeaders().getFirst("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"Bearer token expired\"");
	}

	private String detailFor(String token) {
		return BearerTokenProblems.detail(rejectionOf(token));
	}

	private AuthenticationException rejectionOf(String token) {
		return catchThrowableOfType(AuthenticationException.class,
				() -> this.authentication.authenticate(bearer(token)).block());
	}

	private static BearerTokenAuthenticationToken bearer(String token) {
		return new BearerTokenAuthenticationToken(token);
	}

	// The gateway's decoder and role mapping, with the pinned key set served by a
	// stand-in for user-service.
	private static JwtReactiveAuthenticationManager authenticationManager(RevokedSubjects revoked) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withJwkSource(SecurityConfiguration.keysFrom(PinnedJwkSet.of(SECURITY)))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(
				SecurityConfiguration.verifying(decoder, SECURITY, Clock.systemUTC(), revoked));
		manager.setJwtAuthenticationConverter(SecurityConfiguration.authenticationConverter());
		return manager;
	}

}
