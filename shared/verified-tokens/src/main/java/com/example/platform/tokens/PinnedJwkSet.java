package com.example.platform.tokens;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * The signing keys user-service publishes, fetched only from the configured locations
 * ({@link PlatformSecurityProperties#jwkSetUri()}), never from whatever the registry
 * lists, and held by every validator, the gateway's and the services'.
 * <ul>
 * <li><b>Pinned.</b> The locations are plain URLs, tried in order until one answers;
 * nothing here goes through the load balancer. Before, an instance registered in Eureka
 * as user-service could serve its own key set and have its own tokens accepted (issue
 * 18).</li>
 * <li><b>Kept until a token names a key they lack.</b> Not for Nimbus's default five
 * minutes: a user-service outage that outlasts the expiry would otherwise make every
 * validator refuse every token, including those it could verify. A successful fetch
 * replaces the whole set, so a key user-service stopped publishing goes too.</li>
 * <li><b>Fetched again at most once per
 * {@link PlatformSecurityProperties#jwkSetRefetchInterval()}</b> for tokens naming a key
 * that is not held. A flood of made-up key ids costs one fetch per interval; a token
 * naming an unknown key is refused (401) whether the fetch is skipped, succeeds without
 * the key, or fails. Only an instance that has never held any key answers 503 (it cannot
 * tell a good token from a bad one).</li>
 * </ul>
 * The services fill the set ahead of the first request ({@code JwkSetPrefetcher}), the
 * very set the decoder reads.
 */
public final class PinnedJwkSet implements JWKSource<SecurityContext> {

	private static final Log log = LogFactory.getLog(PinnedJwkSet.class);

	private static final MediaType JWK_SET = MediaType.valueOf("application/jwk-set+json");

	private final RestOperations http;

	private final List<URI> locations;

	private final Duration refetchInterval;

	private final Clock clock;

	// One fetch at a time: a burst of tokens naming a new key costs one request.
	private final ReentrantLock fetching = new ReentrantLock();

	private final AtomicLong fetches = new AtomicLong();

	private volatile JWKSet keys;

	private Instant lastAttempt;

	/**
	 * @param http fetches the key set; a plain client, never a load-balanced one
	 * @param locations where the key set is published, tried in order
	 * @param refetchInterval the least time between two fetches caused by tokens
	 * @param clock the clock the interval is measured on
	 */
	public PinnedJwkSet(RestOperations http, List<URI> locations, Duration refetchInterval, Clock clock) {
		if (locations.isEmpty()) {
			throw new IllegalArgumentException("At least one key set location is required");
		}
		this.http = http;
		this.locations = List.copyOf(locations);
		this.refetchInterval = refetchInterval;
		this.clock = clock;
	}

	/**
	 * The platform's key set, fetched with a client of its own that has the configured
	 * timeouts, over plain HTTP or HTTPS as the locations say.
	 * @param properties the platform's token settings
	 * @return the key set
	 */
	public static PinnedJwkSet of(PlatformSecurityProperties properties) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(properties.jwkSetTimeout());
		requests.setReadTimeout(properties.jwkSetTimeout());
		return new PinnedJwkSet(new RestTemplate(requests), properties.jwkSetUri(), properties.jwkSetRefetchInterval(),
				Clock.systemUTC());
	}

	/**
	 * The platform's key set, fetched over mutual TLS: the client presents the bundle's
	 * certificate, trusts only the bundle's CA and checks that the certificate names the
	 * location's host (the JDK client's default), so only the issuer can serve the keys.
	 * @param properties the platform's token settings
	 * @param tls the platform's SSL bundle
	 * @return the key set
	 */
	public static PinnedJwkSet of(PlatformSecurityProperties properties, SslBundle tls) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.jwkSetTimeout(), properties.jwkSetTimeout())
			.withSslBundle(tls);
		return new PinnedJwkSet(new RestTemplate(ClientHttpRequestFactoryBuilder.jdk().build(settings)),
				properties.jwkSetUri(), properties.jwkSetRefetchInterval(), Clock.systemUTC());
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
			JWKSet current = this.keys;
			if (current != known && current != null) {
				List<JWK> matches = selector.select(current);
				if (!matches.isEmpty()) {
					return matches;
				}
			}
			Instant now = this.clock.instant();
			if (this.lastAttempt != null && now.isBefore(this.lastAttempt.plus(this.refetchInterval))) {
				return unknownKey(current, null);
			}
			this.lastAttempt = now;
			try {
				return selector.select(fetch());
			}
			catch (RemoteKeySourceException ex) {
				return unknownKey(current, ex);
			}
		}
		finally {
			this.fetching.unlock();
		}
	}

	/**
	 * The keys held, without fetching: what a reactive caller reads before it moves a
	 * fetch off its event loop.
	 * @param selector which keys a token needs
	 * @return the matching keys held, maybe none
	 */
	public List<JWK> held(JWKSelector selector) {
		JWKSet known = this.keys;
		return (known != null) ? selector.select(known) : List.of();
	}

	/**
	 * Fetches the keys unless they are already held, whatever the refetch interval: the
	 * caller (the prefetch at start-up) paces itself.
	 * @throws RemoteKeySourceException when no location answered with a key set
	 */
	public void fetchIfAbsent() throws RemoteKeySourceException {
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

	/**
	 * @return whether a key set was fetched
	 */
	public boolean holdsKeys() {
		return this.keys != null;
	}

	/**
	 * @return the locations the keys are fetched from
	 */
	public List<URI> locations() {
		return this.locations;
	}

	/**
	 * @return how many fetches were attempted (every location tried in one counts once)
	 */
	public long fetches() {
		return this.fetches.get();
	}

	// Keys held: the token's key is not among them, a 401. None held: the token may well
	// be valid, a 503 the client may retry.
	private List<JWK> unknownKey(JWKSet held, RemoteKeySourceException failure) throws RemoteKeySourceException {
		if (held != null) {
			return List.of();
		}
		throw (failure != null) ? failure : new RemoteKeySourceException(
				"No signing keys held yet; the next fetch is due within " + this.refetchInterval.toSeconds() + "s",
				null);
	}

	private JWKSet fetch() throws RemoteKeySourceException {
		this.fetches.incrementAndGet();
		RuntimeException last = null;
		for (URI location : this.locations) {
			try {
				String body = this.http
					.exchange(RequestEntity.get(location).accept(MediaType.APPLICATION_JSON, JWK_SET).build(),
							String.class)
					.getBody();
				if (body == null) {
					throw new IllegalStateException("Empty key set from " + location);
				}
				JWKSet fetched = JWKSet.parse(body);
				this.keys = fetched;
				return fetched;
			}
			catch (RestClientException | IllegalStateException ex) {
				log.warn("Could not fetch the signing keys from " + location + ": " + ex.getMessage());
				last = ex;
			}
			catch (ParseException ex) {
				log.warn("Could not read the signing keys from " + location + ": " + ex.getMessage());
				last = new IllegalStateException(ex.getMessage(), ex);
			}
		}
		throw new RemoteKeySourceException(
				"Could not fetch the key set from " + this.locations + ": " + last.getMessage(), last);
	}

}
