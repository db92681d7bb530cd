package com.example.platform.idempotency;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired keys now and then. Expired keys are already ignored when requests
 * arrive; this only keeps the table small. Every instance runs it: the delete is harmless
 * when repeated.
 */
class IdempotencyHousekeeping implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyHousekeeping.class);

	private final IdempotencyKeys keys;

	private final Duration interval;

	private volatile ScheduledExecutorService executor;

	IdempotencyHousekeeping(IdempotencyKeys keys, Duration interval) {
		this.keys = keys;
		this.interval = interval;
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("idempotency-housekeeping").daemon().factory());
		started.scheduleWithFixedDelay(this::deleteExpired, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		if (running != null) {
			running.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void deleteExpired() {
		try {
			int deleted = this.keys.deleteExpired();
			log.debug("Deleted {} expired idempotency keys", deleted);
		}
		catch (RuntimeException ex) {
			// The database may be briefly away; the next round catches up.
			log.warn("Could not delete expired idempotency keys: {}", ex.getMessage());
		}
	}

}
