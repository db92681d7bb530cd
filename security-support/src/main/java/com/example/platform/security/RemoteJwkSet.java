package com.example.platform.security;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * The signing keys published at a JWKS URI, held by the decoder itself and kept until a
 * token names a key they do not contain; only then fetched again.
 * <p>
 * Kept until then rather than for Nimbus's default five minutes: otherwise a user-service
 * outage that outlasts the expiry would make every other service refuse every token,
 * including the ones it could verify, and the order-service fallback for a user-service
 * outage could never be reached. The gateway's reactive decoder keeps its keys the same
 * way.
 * <p>
 * Spring Security's JWKS-URI decoder keeps its key set in a field that only its own fetch
 * fills: keys put into its cache by someone else are thrown away and fetched again on the
 * first token, so an instance could not be given its keys ahead of time. Here
 * {@link #fetchIfAbsent()} (called by {@link JwkSetPrefetcher} when the service is ready)
 * fills the very set the decoder reads.
 */
class RemoteJwkSet implements JWKSource<SecurityContext> {

	private static final MediaType JWK_SET = MediaType.valueOf("application/jwk-set+json");

	private final RestOperations restOperations;

	private final URI uri;

	// One fetch at a time: a burst of tokens naming a new key costs one request.
	private final ReentrantLock fetching = new ReentrantLock();

	private volatile JWKSet keys;

	RemoteJwkSet(RestOperations restOperations, URI uri) {
		this.restOperations = restOperations;
		this.uri = uri;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws RemoteKeySourceException {
		JWKSet known = this.keys;
		if (known != null) {
			List<JWK> matches = selector.select(known);
			if (!matches.isEmpty()) {
				return matches;
			}
		}
		this.fetching.lock();
		try {
			// Another thread may have fetched the new keys while this one waited.
			if (this.keys != known) {
				List<JWK> matches = selector.select(this.keys);
				if (!matches.isEmpty()) {
					return matches;
				}
			}
			return selector.select(fetch());
		}
		finally {
			this.fetching.unlock();
		}
	}

	/**
	 * Fetches the keys unless they are already held.
	 * @throws RemoteKeySourceException when they cannot be fetched or parsed
	 */
	void fetchIfAbsent() throws RemoteKeySourceException {
		if (this.keys != null) {
			return;
		}
		this.fetching.lock();
		try {
			if (this.keys == null) {
				fetch();
			}
		}
		finally {
			this.fetching.unlock();
		}
	}

	boolean holdsKeys() {
		return this.keys != null;
	}

	URI uri() {
		return this.uri;
	}

	private JWKSet fetch() throws RemoteKeySourceException {
		try {
			String body = this.restOperations
				.exchange(RequestEntity.get(this.uri).accept(MediaType.APPLICATION_JSON, JWK_SET).build(), String.class)
				.getBody();
			if (body == null) {
				throw new RemoteKeySourceException("Empty key set from " + this.uri, null);
			}
			JWKSet fetched = JWKSet.parse(body);
			this.keys = fetched;
			return fetched;
		}
		catch (RestClientException | ParseException ex) {
			// A RemoteKeySourceException becomes a 503 (the token may be valid), not a
			// 401.
			throw new RemoteKeySourceException("Could not fetch the key set from " + this.uri + ": " + ex.getMessage(),
					ex);
		}
	}

}
