package com.example.platform.messaging;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Decides when the outbox is published ({@link OutboxBatches} publishes it): batch after
 * batch while there is more, with a doubling backoff after a failure.
 * <p>
 * An instance's relay is woken right after each transaction that appended to the outbox
 * commits, which keeps latency low; a short periodic sweep catches rows left by other
 * instances, by a crash, or by a wake-up that met another instance's lock. The sweep also
 * deletes published rows once they are old enough.
 */
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final OutboxBatches batches;

	private final MessagingProperties.Outbox settings;

	private final Counter failures;

	private final AtomicBoolean drainRequested = new AtomicBoolean();

	private volatile ScheduledThreadPoolExecutor executor;

	// Touched by the relay's single thread only.
	private Duration backoff = Duration.ZERO;

	private long notBefore = System.nanoTime();

	private long nextHousekeeping = System.nanoTime();

	OutboxRelay(OutboxBatches batches, MessagingProperties.Outbox settings, MeterRegistry meters) {
		this.batches = batches;
		this.settings = settings;
		this.failures = Counter.builder("messaging.outbox.publish.failures")
			.description("Relay batches that failed and were rolled back to be retried")
			.register(meters);
	}

	/**
	 * Asks for the outbox to be published now; cheap, and coalesced with other requests.
	 */
	void wakeUp() {
		ScheduledThreadPoolExecutor executor = this.executor;
		if (executor != null && this.drainRequested.compareAndSet(false, true)) {
			try {
				executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// Stopping: the final drain in stop() or the next start publishes it.
				this.drainRequested.set(false);
			}
		}
	}

	private void drain() {
		this.drainRequested.set(false);
		if (System.nanoTime() - this.notBefore < 0) {
			// Backing off after a failure; the retry is already scheduled.
			return;
		}
		try {
			int count;
			do {
				count = this.batches.publishBatch();
				if (count == OutboxBatches.LOCKED_ELSEWHERE) {
					// The other instance's batch may have been selected before our rows
					// committed: look again shortly rather than wait for the sweep.
					later(this.settings.lockRetryDelay());
					return;
				}
			}
			while (count == this.settings.batchSize() && isRunning());
			this.backoff = Duration.ZERO;
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			Duration initial = this.settings.initialBackoff();
			Duration max = this.settings.maxBackoff();
			this.backoff = this.backoff.isZero() ? initial : min(this.backoff.multipliedBy(2), max);
			this.notBefore = System.nanoTime() + this.backoff.toNanos();
			log.warn("Publishing the outbox failed; the batch stays and is retried in {} ms: {}",
					this.backoff.toMillis(), ex.toString());
			later(this.backoff);
		}
	}

	private void sweep() {
		wakeUp();
		if (System.nanoTime() - this.nextHousekeeping >= 0) {
			this.nextHousekeeping = System.nanoTime() + this.settings.housekeepingInterval().toNanos();
			try {
				int deleted = this.batches.deletePublished();
				if (deleted > 0) {
					log.debug("Deleted {} published outbox rows", deleted);
				}
			}
			catch (RuntimeException ex) {
				log.warn("Deleting published outbox rows failed; trying again later: {}", ex.toString());
			}
		}
	}

	private void later(Duration delay) {
		ScheduledThreadPoolExecutor executor = this.executor;
		if (executor != null && !executor.isShutdown()) {
			executor.schedule(this::wakeUp, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public void start() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				Thread.ofPlatform().name("outbox-relay").factory());
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
		long sweep = this.settings.sweepInterval().toNanos();
		executor.scheduleWithFixedDelay(this::sweep, 0, sweep, TimeUnit.NANOSECONDS);
	}

	/**
	 * Publishes what is left once more, then stops. Runs after the web server has drained
	 * its requests (see {@link #getPhase()}), so their events go out too.
	 */
	@Override
	public void stop() {
		ScheduledThreadPoolExecutor executor = this.executor;
		if (executor == null) {
			return;
		}
		this.drainRequested.set(false);
		wakeUp();
		this.executor = null;
		executor.shutdown();
		try {
			if (!executor.awaitTermination(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	// Stops after the web server's graceful shutdown (DEFAULT_PHASE - 1024) and before
	// the Kafka producer is closed.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
