package com.example.platform.security;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.testsupport.TestTokens;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// Key rotation as the services see it: the key set is fetched once, kept, and fetched
// again only for a token naming a key it does not hold.
class RemoteJwkSetTests {

	private static final URI JWKS_URI = URI.create("http://user-service/.well-known/jwks.json");

	private static final UUID USER = UUID.randomUUID();

	private final PublishedKeys published = new PublishedKeys(TestTokens.jwks());

	private final RemoteJwkSet keys = new RemoteJwkSet(this.published, JWKS_URI);

	private final JwtDecoder decoder = PlatformJwtDecoders.fromJwkSource(this.keys,
			new PlatformSecurityProperties(TestTokens.ISSUER, TestTokens.AUDIENCE, JWKS_URI, Duration.ofSeconds(5),
					List.of(), 10_000),
			new RevokedSubjects(Clock.systemUTC()));

	@Test
	void fetchesOnceForManyTokensSignedWithAKnownKey() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.decoder.decode(TestTokens.user(USER)).getSubject()).isEqualTo(USER.toString());
		}

		assertThat(this.published.fetches).hasValue(1);
	}

	@Test
	void fetchesAgainForATokenSignedWithANewlyPublishedKey() {
		this.decoder.decode(TestTokens.user(USER));
		RSAKey next = TestTokens.generateKey("next-key");
		this.published.body = TestTokens.jwks(TestTokens.key(), next);

		assertThat(this.decoder.decode(TestTokens.builder().signedWith(next).sign()).getSubject()).isNotNull();
		assertThat(this.decoder.decode(TestTokens.user(USER)).getSubject()).isEqualTo(USER.toString());
		assertThat(this.published.fetches).hasValue(2);
	}

	@Test
	void refusesATokenWhoseKeyIsNotPublishedEvenAfterFetchingAgain() {
		this.decoder.decode(TestTokens.user(USER));

		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(TestTokens.builder().signedWith(TestTokens.generateKey("x")).sign()));
		assertThat(this.published.fetches).hasValue(2);
	}

	/** Serves whatever key set is published at the moment. */
	static class PublishedKeys extends RestTemplate {

		volatile String body;

		final AtomicInteger fetches = new AtomicInteger();

		PublishedKeys(String body) {
			this.body = body;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> ResponseEntity<T> exchange(RequestEntity<?> request, Class<T> responseType) {
			this.fetches.incrementAndGet();
			return ResponseEntity.ok((T) this.body);
		}

	}

}
