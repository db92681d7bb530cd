package com.example.platform.security;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// Against the test keys served over HTTP, as a service fetches user-service's.
class PlatformJwtDecodersTests {

	private static final UUID USER = UUID.randomUUID();

	private static final PlatformSecurityProperties PROPERTIES = new PlatformSecurityProperties("platform",
			"platform-api", List.of(URI.create(TestTokens.jwksServer() + TestTokens.JWKS_PATH)), Duration.ofSeconds(5),
			Duration.ofSeconds(10), List.of(), 10_000);

	private final JwtDecoder decoder = PlatformJwtDecoders.fromJwkSource(PinnedJwkSet.of(PROPERTIES), PROPERTIES,
			new RevokedSubjects(Clock.systemUTC()));

	@Test
	void acceptsValidToken() {
		Jwt jwt = this.decoder.decode(TestTokens.user(USER));

		assertThat(jwt.getSubject()).isEqualTo(USER.toString());
		assertThat(Caller.of(jwt)).isEqualTo(new Caller(USER.toString(), Set.of("USER")));
	}

	@Test
	void rejectsExpiredToken() {
		assertRejected(TestTokens.expired(USER), "expired");
	}

	@Test
	void rejectsTokenSignedByAnotherKeyWithTheSameKeyId() {
		assertRejected(ForgedTokens.wrongSignature(USER), "signature");
	}

	@Test
	void rejectsUnsignedToken() {
		assertRejected(ForgedTokens.algNone(USER), "");
	}

	@Test
	void rejectsHmacTokenSignedWithThePublicKey() {
		assertRejected(ForgedTokens.hmacSignedWithPublicKey(USER), "");
	}

	@Test
	void rejectsWrongIssuer() {
		assertRejected(ForgedTokens.wrongIssuer(USER), "iss");
	}

	@Test
	void rejectsWrongAudience() {
		assertRejected(ForgedTokens.wrongAudience(USER), "aud");
	}

	@Test
	void rejectsTamperedClaims() {
		assertRejected(ForgedTokens.tampered(USER), "signature");
	}

	@Test
	void rejectsTokenSignedByAnUnknownKey() {
		assertRejected(TestTokens.builder().signedWith(TestTokens.generateKey("unknown-key")).sign(), "");
	}

	@Test
	void toleratesSmallClockSkewButNotMore() {
		Instant issued = Instant.now().minusSeconds(600);
		assertThat(this.decoder
			.decode(TestTokens.builder().issuedAt(issued).expiresAt(Instant.now().minusSeconds(10)).sign()))
			.isNotNull();
		assertRejected(TestTokens.builder().issuedAt(issued).expiresAt(Instant.now().minusSeconds(120)).sign(),
				"expired");
	}

	@Test
	void appliesTheGatewaysClaimPolicy() {
		// A token expired 45 s ago, a blank subject and a century-long lifetime: accepted
		// here while the gateway refused them.
		assertRejected(TestTokens.builder()
			.issuedAt(Instant.now().minusSeconds(600))
			.expiresAt(Instant.now().minusSeconds(45))
			.sign(), "expired");
		assertRejected(TestTokens.builder().subject(" ").sign(), "sub");
		assertRejected(TestTokens.builder().expiresAt(Instant.now().plus(Duration.ofDays(36_500))).sign(), "lifetime");
	}

	private void assertRejected(String token, String reason) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.satisfies((ex) -> assertThat(ex.getMessage().toLowerCase()).contains(reason));
	}

}
