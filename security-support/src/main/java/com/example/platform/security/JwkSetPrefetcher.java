package com.example.platform.security;

import java.time.Duration;

import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cache.Cache;
import org.springframework.context.ApplicationListener;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.web.client.RestOperations;

/**
 * Fetches the signing keys as soon as the service is ready instead of on the first
 * request, retrying with backoff until it has them.
 * <p>
 * An instance started while user-service was up but given no traffic until user-service
 * went down (a restart, or a load balancer still avoiding it) would otherwise hold no
 * keys and answer 503 to every token, while its peers, holding the same keys, serve them.
 */
class JwkSetPrefetcher implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(JwkSetPrefetcher.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final RestOperations restOperations;

	private final Cache cache;

	private final PlatformSecurityProperties properties;

	private final Duration firstBackoff;

	private volatile Thread worker;

	JwkSetPrefetcher(RestOperations restOperations, Cache cache, PlatformSecurityProperties properties) {
		this(restOperations, cache, properties, Duration.ofSeconds(1));
	}

	JwkSetPrefetcher(RestOperations restOperations, Cache cache, PlatformSecurityProperties properties,
			Duration firstBackoff) {
		this.restOperations = restOperations;
		this.cache = cache;
		this.properties = properties;
		this.firstBackoff = firstBackoff;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.worker = Thread.ofVirtual().name("jwk-set-prefetch").start(this::fetchUntilCached);
	}

	void fetchUntilCached() {
		Duration backoff = this.firstBackoff;
		while (!Thread.currentThread().isInterrupted() && !fetchOnce()) {
			try {
				Thread.sleep(backoff);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
		}
	}

	/**
	 * Fetches the key set once and caches it where the decoder looks (keyed by the key
	 * set URI, as Spring Security's decoder does), unless a request fetched it first.
	 * @return whether the cache now holds the keys
	 */
	boolean fetchOnce() {
		String uri = this.properties.jwkSetUri().toString();
		if (this.cache.get(uri) != null) {
			return true;
		}
		try {
			String body = this.restOperations
				.exchange(RequestEntity.get(this.properties.jwkSetUri())
					.accept(MediaType.APPLICATION_JSON, MediaType.valueOf("application/jwk-set+json"))
					.build(), String.class)
				.getBody();
			JWKSet.parse(body);
			this.cache.putIfAbsent(uri, body);
			logger.debug("Fetched the token signing keys from {}", uri);
			return true;
		}
		catch (Exception ex) {
			logger.info("Token signing keys not fetched yet from {} ({}); retrying", uri, ex.getMessage());
			return false;
		}
	}

	@Override
	public void destroy() {
		Thread running = this.worker;
		if (running != null) {
			running.interrupt();
		}
	}

}
