package com.example.platform.local;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a condition of the starting platform, polling, for at most the start-up
 * timeout.
 *
 * @param timeout how long to wait at most
 */
record Await(Duration timeout) {

	// The platform's logger: ./run-local's output reads the same whichever part waits.
	private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

	private static final Duration POLL = Duration.ofMillis(250);

	/**
	 * Polls until the condition holds.
	 * @param what what is awaited, for the log and the failure
	 * @param condition the condition
	 * @throws IllegalStateException if the timeout passes first
	 */
	void until(String what, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(this.timeout);
		log.info("Waiting for {}", what);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(
						"Timed out after " + this.timeout.toSeconds() + " s waiting for " + what);
			}
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
	}

}
