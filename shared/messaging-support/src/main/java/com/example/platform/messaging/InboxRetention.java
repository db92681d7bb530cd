package com.example.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forgets applied events once they are old enough that no redelivery can come: the
 * consumers' side of housekeeping, beside the {@link Inbox} it belongs to (the outbox's
 * relay deletes published rows on its own).
 */
class InboxRetention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

	private final JdbcClient jdbc;

	private final MessagingProperties.Inbox settings;

	private volatile ScheduledThreadPoolExecutor executor;

	InboxRetention(JdbcClient jdbc, MessagingProperties.Inbox settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * Deletes the ids of events applied longer ago than the retention, in bounded chunks
	 * so a long-neglected table never takes one huge transaction.
	 * @return how many were deleted
	 */
	int deleteExpired() {
		return this.jdbc
			.sql("delete from messaging_inbox where event_id in (select event_id from messaging_inbox "
					+ "where processed_at < :before limit 10000)")
			.param("before", java.sql.Timestamp.from(Instant.now().minus(this.settings.retention())))
			.update();
	}

	private void sweep() {
		try {
			int deleted = deleteExpired();
			if (deleted > 0) {
				log.debug("Deleted {} old inbox entries", deleted);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Deleting old inbox entries failed; trying again later: {}", ex.toString());
		}
	}

	@Override
	public void start() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
				Thread.ofPlatform().name("inbox-retention").daemon().factory());
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.executor = executor;
		Duration interval = this.settings.housekeepingInterval();
		executor.scheduleWithFixedDelay(this::sweep, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void stop() {
		ScheduledThreadPoolExecutor executor = this.executor;
		this.executor = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
