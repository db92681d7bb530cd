package com.example.platform.security;

import java.time.Duration;

import com.example.platform.tokens.PinnedJwkSet;
import com.nimbusds.jose.RemoteKeySourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

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

	private final PinnedJwkSet keys;

	private final Duration firstBackoff;

	private volatile Thread worker;

	JwkSetPrefetcher(PinnedJwkSet keys) {
		this(keys, Duration.ofSeconds(1));
	}

	JwkSetPrefetcher(PinnedJwkSet keys, Duration firstBackoff) {
		this.keys = keys;
		this.firstBackoff = firstBackoff;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.worker = Thread.ofVirtual().name("jwk-set-prefetch").start(this::fetchUntilHeld);
	}

	void fetchUntilHeld() {
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
	 * Fetches the key set once, unless a request made the decoder fetch it first.
	 * @return whether the decoder now holds the keys
	 */
	boolean fetchOnce() {
		try {
			this.keys.fetchIfAbsent();
			logger.debug("Holding the token signing keys from {}", this.keys.locations());
			return true;
		}
		catch (RemoteKeySourceException ex) {
			logger.info("Token signing keys not fetched yet ({}); retrying", ex.getMessage());
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
