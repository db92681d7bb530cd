package com.example.platform.tokens;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.example.platform.testsupport.MovableClock;
import com.example.platform.testsupport.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

// Key rotation and key-id floods as every validator sees them: the key set is fetched
// once, kept, fetched again only for a token naming a key it does not hold, and then at
// most once per interval.
class PinnedJwkSetTests {

	private static final URI FIRST = URI.create("http://user-service-1.test/.well-known/jwks.json");

	private static final URI SECOND = URI.create("http://user-service-2.test/.well-known/jwks.json");

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final PublishedKeys published = new PublishedKeys(TestTokens.jwks());

	private final PinnedJwkSet keys = new PinnedJwkSet(this.published, List.of(FIRST, SECOND), INTERVAL, this.clock);

	@Test
	void fetchesOnceForManyLookupsOfAKnownKey() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(this.keys.get(selecting(TestTokens.KEY_ID), null)).hasSize(1);
		}

		assertThat(this.keys.fetches()).isEqualTo(1);
	}

	@Test
	void aFloodOfUnknownKeyIdsCostsOneFetchPerInterval() throws Exception {
		this.keys.get(selecting(TestTokens.KEY_ID), null);

		// Within the interval of the first fetch: the flood costs nothing.
		for (int i = 0; i < 100; i++) {
			assertThat(this.keys.get(selecting("junk-" + i), null)).isEmpty();
		}
		assertThat(this.keys.fetches()).isEqualTo(1);

		this.clock.advance(INTERVAL);
		for (int i = 0; i < 100; i++) {
			assertThat(this.keys.get(selecting("junk-" + i), null)).isEmpty();
		}
		assertThat(this.keys.fetches()).isEqualTo(2);
	}

	@Test
	void picksUpANewlyPublishedKeyOnceTheIntervalHasPassed() throws Exception {
		this.keys.get(selecting(TestTokens.KEY_ID), null);
		this.keys.get(selecting("next-key"), null);
		RSAKey next = TestTokens.generateKey("next-key");
		this.published.body = TestTokens.jwks(TestTokens.key(), next);

		assertThat(this.keys.get(selecting("next-key"), null)).isEmpty();
		this.clock.advance(INTERVAL);
		assertThat(this.keys.get(selecting("next-key"), null)).hasSize(1);
		assertThat(this.keys.get(selecting(TestTokens.KEY_ID), null)).hasSize(1);
	}

	@Test
	void anUnknownKeyIsUnknownNotUnavailableWhenTheKeySourceIsDown() throws Exception {
		this.keys.get(selecting(TestTokens.KEY_ID), null);
		this.published.down.put(FIRST, true);
		this.published.down.put(SECOND, true);
		this.clock.advance(INTERVAL);

		assertThat(this.keys.get(selecting("unknown"), null)).isEmpty();
		assertThat(this.keys.get(selecting(TestTokens.KEY_ID), null)).hasSize(1);
	}

	@Test
	void withoutAnyKeyHeldAFailedFetchIsUnavailableAndPacedToo() {
		this.published.down.put(FIRST, true);
		this.published.down.put(SECOND, true);

		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(RemoteKeySourceException.class)
				.isThrownBy(() -> this.keys.get(selecting(TestTokens.KEY_ID), null));
		}
		assertThat(this.keys.fetches()).isEqualTo(1);
	}

	@Test
	void triesTheNextLocationWhenOneDoesNotAnswer() throws Exception {
		this.published.down.put(FIRST, true);

		assertThat(this.keys.get(selecting(TestTokens.KEY_ID), null)).hasSize(1);
		assertThat(this.published.requests).containsExactly(FIRST, SECOND);
	}

	@Test
	void dropsAKeyUserServiceNoLongerPublishes() throws Exception {
		RSAKey old = TestTokens.generateKey("old-key");
		this.published.body = TestTokens.jwks(TestTokens.key(), old);
		assertThat(this.keys.get(selecting("old-key"), null)).hasSize(1);
		this.published.body = TestTokens.jwks(TestTokens.key());
		this.clock.advance(INTERVAL);

		assertThat(this.keys.get(selecting("gone-key"), null)).isEmpty();
		assertThat(this.keys.get(selecting("old-key"), null)).isEmpty();
	}

	private static JWKSelector selecting(String keyId) {
		return new JWKSelector(JWKMatcher.forJWSHeader(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build()));
	}

	/** Serves whatever key set is published at the moment, at every location not down. */
	static class PublishedKeys extends RestTemplate {

		volatile String body;

		final Map<URI, Boolean> down = new ConcurrentHashMap<>();

		final List<URI> requests = new CopyOnWriteArrayList<>();

		PublishedKeys(String body) {
			this.body = body;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> ResponseEntity<T> exchange(RequestEntity<?> request, Class<T> responseType) {
			this.requests.add(request.getUrl());
			if (this.down.getOrDefault(request.getUrl(), false)) {
				throw new ResourceAccessException("Connection refused");
			}
			return ResponseEntity.ok((T) this.body);
		}

	}

}
