package com.example.platform.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// The failure it guards against: an instance that never needed the keys before the key
// server went down.
class JwkSetPrefetcherTests {

	private static final UUID USER = UUID.randomUUID();

	private final PlatformSecurityProperties properties = new PlatformSecurityProperties("platform", "platform-api",
			URI.create(TestTokens.jwksServer() + TestTokens.JWKS_PATH), Duration.ofSeconds(5), List.of());

	private final Cache keys = new ConcurrentMapCache("jwks");

	private final KeyServer keyServer = new KeyServer();

	@Test
	void prefetchedKeysValidateTokensWhileTheKeyServerIsDown() {
		assertThat(new JwkSetPrefetcher(this.keyServer, this.keys, this.properties).fetchOnce()).isTrue();
		this.keyServer.down = true;

		JwtDecoder decoder = PlatformJwtDecoders.fromJwkSetUri(this.keyServer, this.keys, this.properties);

		assertThat(decoder.decode(TestTokens.user(USER)).getSubject()).isEqualTo(USER.toString());
	}

	@Test
	void withoutPrefetchTheFirstTokenAfterTheKeyServerWentDownIsRefused() {
		this.keyServer.down = true;
		JwtDecoder decoder = PlatformJwtDecoders.fromJwkSetUri(this.keyServer, this.keys, this.properties);

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(TestTokens.user(USER)));
	}

	@Test
	void reportsFailureWhileTheKeyServerIsDownAndCachesNothing() {
		this.keyServer.down = true;

		assertThat(new JwkSetPrefetcher(this.keyServer, this.keys, this.properties).fetchOnce()).isFalse();
		assertThat(this.keys.get(this.properties.jwkSetUri().toString())).isNull();
	}

	@Test
	void fetchUntilCachedRetriesUntilTheKeyServerAnswers() {
		this.keyServer.down = true;
		this.keyServer.upAfterFailures = 2;

		new JwkSetPrefetcher(this.keyServer, this.keys, this.properties, Duration.ofMillis(10)).fetchUntilCached();

		assertThat(this.keyServer.failures).isEqualTo(2);
		assertThat(this.keys.get(this.properties.jwkSetUri().toString())).isNotNull();
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
