package com.example.platform.benchmark;

import java.time.Duration;

/** Waiting between polls of a condition. */
final class Pause {

	private Pause() {
	}

	static void briefly() {
		sleep(Duration.ofMillis(100));
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
