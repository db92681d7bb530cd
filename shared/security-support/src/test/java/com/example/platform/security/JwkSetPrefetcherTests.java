package com.example.platform.security;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// The failure it guards against: an instance that never needed the keys before the key
// server went down. The decoder is built first, as in the application context, and the
// keys are fetched after it.
class JwkSetPrefetcherTests {

	private static final UUID USER = UUID.randomUUID();

	private static final URI JWKS_URI = URI.create(TestTokens.jwksServer() + TestTokens.JWKS_PATH);

	private final PlatformSecurityProperties properties = new PlatformSecurityProperties("platform", "platform-api",
			List.of(JWKS_URI), Duration.ofSeconds(5), Duration.ofSeconds(10), List.of(), 10_000);

	private final KeyServer keyServer = new KeyServer();

	private final PinnedJwkSet keys = new PinnedJwkSet(this.keyServer, List.of(JWKS_URI), Duration.ofSeconds(10),
			Clock.systemUTC());

	private final JwtDecoder decoder = PlatformJwtDecoders.fromJwkSource(this.keys, this.properties,
			new RevokedSubjects(Clock.systemUTC()));

	@Test
	void prefetchedKeysValidateTokensWhileTheKeyServerIsDown() {
		assertThat(new JwkSetPrefetcher(this.keys).fetchOnce()).isTrue();
		this.keyServer.down = true;

		assertThat(this.decoder.decode(TestTokens.user(USER)).getSubject()).isEqualTo(USER.toString());
	}

	@Test
	void withoutPrefetchTheFirstTokenAfterTheKeyServerWentDownIsRefusedAsUnavailable() {
		this.keyServer.down = true;

		// Not a BadJwtException (401): the token may be valid, so the service answers
		// 503.
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(TestTokens.user(USER)))
			.isNotInstanceOf(BadJwtException.class);
	}

	@Test
	void reportsFailureWhileTheKeyServerIsDownAndHoldsNothing() {
		this.keyServer.down = true;

		assertThat(new JwkSetPrefetcher(this.keys).fetchOnce()).isFalse();
		assertThat(this.keys.holdsKeys()).isFalse();
	}

	@Test
	void fetchUntilHeldRetriesUntilTheKeyServerAnswers() {
		this.keyServer.down = true;
		this.keyServer.upAfterFailures = 2;

		new JwkSetPrefetcher(this.keys, Duration.ofMillis(10)).fetchUntilHeld();

		assertThat(this.keyServer.failures).isEqualTo(2);
		assertThat(this.keys.holdsKeys()).isTrue();
	}

	@Test
	void doesNotFetchAgainWhenTheKeysAreHeld() {
		assertThat(new JwkSetPrefetcher(this.keys).fetchOnce()).isTrue();
		this.keyServer.down = true;

		assertThat(new JwkSetPrefetcher(this.keys).fetchOnce()).isTrue();
		assertThat(this.keyServer.failures).isZero();
	}

	/** The test key server, which can be switched off. */
	static class KeyServer extends RestTemplate {

		volatile boolean down;

		int upAfterFailures = Integer.MAX_VALUE;

		int failures;

		@Override
		public <T> ResponseEntity<T> exchange(RequestEntity<?> request, Class<T> responseType) {
			if (this.down && this.failures < this.upAfterFailures) {
				this.failures++;
				throw new ResourceAccessException("Connection refused");
			}
			return super.exchange(request, responseType);
		}

	}

}
