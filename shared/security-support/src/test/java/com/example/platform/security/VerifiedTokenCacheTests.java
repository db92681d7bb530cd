package com.example.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.testsupport.TestTokens;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// The services' decoder chain with real tokens; each signature check looks its key up once,
// so the lookups count the verifications.
class VerifiedTokenCacheTests {

	private static final UUID USER = UUID.randomUUID();

	private final AtomicInteger verifications = new AtomicInteger();

	private final PlatformSecurityProperties properties = new PlatformSecurityProperties(TestTokens.ISSUER,
			TestTokens.AUDIENCE, List.of(TestTokens.jwksServer()), Duration.ofSeconds(5), Duration.ofSeconds(10),
			List.of(), 100);

	private final RevokedSubjects revoked = new RevokedSubjects(Clock.systemUTC());

	private final JwtDecoder decoder = PlatformJwtDecoders.fromJwkSource(countingKeys(), this.properties, this.revoked);

	@Test
	void verifiesARepeatedTokenOnce() {
		String token = TestTokens.user(USER);
		for (int i = 0; i < 5; i++) {
			assertThat(this.decoder.decode(token).getSubject()).isEqualTo(USER.toString());
		}
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void neverRemembersARejectedToken() {
		String expired = TestTokens.expired(USER);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(JwtValidationException.class).isThrownBy(() -> this.decoder.decode(expired));
		}
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void refusesATokenOfADeletedUserEvenOnceRemembered() {
		String token = TestTokens.user(USER);
		String other = TestTokens.user(UUID.randomUUID());
		assertThat(this.decoder.decode(token).getSubject()).isEqualTo(USER.toString());

		this.revoked.revoke(USER.toString());

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(token))
			.withMessageContaining("deleted");
		assertThat(this.decoder.decode(other)).isNotNull();
	}

	private JWKSource<SecurityContext> countingKeys() {
		ImmutableJWKSet<SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(TestTokens.key().toPublicJWK()));
		return (JWKSelector selector, SecurityContext context) -> {
			this.verifications.incrementAndGet();
			return keys.get(selector, context);
		};
	}

}
