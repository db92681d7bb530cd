package com.example.platform.messaging;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Publishes the outbox to Kafka, oldest row first.
 * <p>
 * Each batch runs in one database transaction that first takes a PostgreSQL advisory
 * transaction lock: of several instances only one publishes at a time, so rows go out in
 * id order and are not sent twice by two instances racing; the lock ends with the batch,
 * so a crashed or stopped publisher never stalls the others. The rows are marked
 * published only after Kafka has acknowledged every one of them; if anything fails the
 * transaction rolls back and the whole batch is tried again after a backoff, which can
 * send some records twice (at-least-once) but never loses one.
 * <p>
 * An instance's relay is woken right after each transaction that appended to the outbox
 * commits, which keeps latency low; a short periodic sweep catches rows left by other
 * instances, by a crash, or by a wake-up that met another instance's lock.
 */
class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final int LOCKED_ELSEWHERE = -1;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final KafkaTemplate<String, String> kafka;

	private final MessagingProperties properties;

	private final long lockKey;

	private final OutboxTracing tracing;

	private final Counter published;

	private final Counter failures;

	private final Timer latency;

	private final AtomicBoolean drainRequested = new AtomicBoolean();

	private volatile ScheduledThreadPoolExecutor executor;

	// Touched by the relay's single thread only.
	private Duration backoff = Duration.ZERO;

	private long notBefore = System.nanoTime();

	private long nextHousekeeping = System.nanoTime();

	OutboxRelay(JdbcClient jdbc, TransactionOperations transactions, KafkaTemplate<String, String> kafka,
			MessagingProperties properties, long lockKey, OutboxTracing tracing, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.lockKey = lockKey;
		this.tracing = tracing;
		this.published = Counter.builder("messaging.outbox.published")
			.description("Outbox rows published to Kafka and acknowledged")
			.register(meters);
		this.failures = Counter.builder("messaging.outbox.publish.failures")
			.description("Relay batches that failed and were rolled back to be retried")
			.register(meters);
		this.latency = Timer.builder("messaging.outbox.publish.latency")
			.description("From appending an event to the outbox to Kafka's acknowledgement")
			.publishPercentiles(0.5, 0.99)
			.publishPercentileHistogram()
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
				count = publishBatch();
				if (count == LOCKED_ELSEWHERE) {
					// The other instance's batch may have been selected before our rows
					// committed: look again shortly rather than wait for the sweep.
					later(this.properties.outbox().lockRetryDelay());
					return;
				}
			}
			while (count == this.properties.outbox().batchSize() && isRunning());
			this.backoff = Duration.ZERO;
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			Duration initial = this.properties.outbox().initialBackoff();
			Duration max = this.properties.outbox().maxBackoff();
			this.backoff = this.backoff.isZero() ? initial : min(this.backoff.multipliedBy(2), max);
			this.notBefore = System.nanoTime() + this.backoff.toNanos();
			log.warn("Publishing the outbox failed; the batch stays and is retried in {} ms: {}",
					this.backoff.toMillis(), ex.toString());
			later(this.backoff);
		}
	}

	private int publishBatch() {
		Integer count = this.transactions.execute((status) -> {
			boolean locked = this.jdbc.sql("select pg_try_advisory_xact_lock(:key)")
				.param("key", this.lockKey)
				.query(Boolean.class)
				.single();
			if (!locked) {
				return LOCKED_ELSEWHERE;
			}
			List<PendingEvent> batch = this.jdbc.sql(
					"select id, topic, message_key, envelope, created_at, traceparent, tracestate from messaging_outbox "
							+ "where published_at is null order by id limit :limit")
				.param("limit", this.properties.outbox().batchSize())
				.query((rs, row) -> new PendingEvent(rs.getLong("id"), rs.getString("topic"),
						rs.getString("message_key"), rs.getString("envelope"),
						rs.getTimestamp("created_at").toInstant(), rs.getString("traceparent"),
						rs.getString("tracestate")))
				.list();
			if (batch.isEmpty()) {
				return 0;
			}
			send(batch);
			this.jdbc.sql("update messaging_outbox set published_at = clock_timestamp() where id in (:ids)")
				.param("ids", batch.stream().map(PendingEvent::id).toList())
				.update();
			Instant acknowledged = Instant.now();
			batch.forEach((event) -> this.latency.record(Duration.between(event.createdAt(), acknowledged)));
			this.published.increment(batch.size());
			return batch.size();
		});
		return (count != null) ? count : 0;
	}

	// The idempotent producer keeps one partition's records in send order and never
	// writes one twice on its own retries; waiting for every acknowledgement before
	// marking rows published is what makes a published row a delivered event.
	private void send(List<PendingEvent> batch) {
		List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(batch.size());
		for (PendingEvent event : batch) {
			CompletableFuture<SendResult<String, String>> send = this.tracing.continueTrace(event.traceparent(),
					event.tracestate(), event.createdAt(), event.topic(), () -> this.kafka.send(record(event)));
			sends.add(send);
			if (send.isCompletedExceptionally()) {
				// e.g. no metadata within max.block.ms: the broker is away, and every
				// further send would block as long again.
				break;
			}
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.properties.outbox().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new OutboxPublishException("Kafka refused an outbox record", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new OutboxPublishException("Kafka did not acknowledge the outbox batch in time", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OutboxPublishException("Interrupted while publishing the outbox", ex);
		}
		if (sends.size() < batch.size()) {
			throw new OutboxPublishException("Kafka refused an outbox record", null);
		}
	}

	// The stored headers go on the record as well: an observed KafkaTemplate replaces
	// them
	// with its own span's, in the same trace; an unobserved one still propagates the
	// trace.
	private static ProducerRecord<String, String> record(PendingEvent event) {
		RecordHeaders headers = new RecordHeaders();
		if (event.traceparent() != null) {
			headers
				.add(new RecordHeader(OutboxTracing.TRACEPARENT, event.traceparent().getBytes(StandardCharsets.UTF_8)));
		}
		if (event.tracestate() != null) {
			headers
				.add(new RecordHeader(OutboxTracing.TRACESTATE, event.tracestate().getBytes(StandardCharsets.UTF_8)));
		}
		return new ProducerRecord<>(event.topic(), null, event.messageKey(), event.envelope(), headers);
	}

	private void sweep() {
		wakeUp();
		if (System.nanoTime() - this.nextHousekeeping >= 0) {
			this.nextHousekeeping = System.nanoTime() + this.properties.outbox().housekeepingInterval().toNanos();
			try {
				housekeeping();
			}
			catch (RuntimeException ex) {
				log.warn("Messaging housekeeping failed; trying again later: {}", ex.toString());
			}
		}
	}

	// Deletes in bounded chunks so a long-neglected table never takes one huge
	// transaction.
	private void housekeeping() {
		Instant now = Instant.now();
		int outbox = this.jdbc
			.sql("delete from messaging_outbox where id in (select id from messaging_outbox "
					+ "where published_at < :before limit 10000)")
			.param("before", java.sql.Timestamp.from(now.minus(this.properties.outbox().publishedRetention())))
			.update();
		int inbox = this.jdbc
			.sql("delete from messaging_inbox where event_id in (select event_id from messaging_inbox "
					+ "where processed_at < :before limit 10000)")
			.param("before", java.sql.Timestamp.from(now.minus(this.properties.inbox().retention())))
			.update();
		if (outbox + inbox > 0) {
			log.debug("Deleted {} published outbox rows and {} old inbox entries", outbox, inbox);
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
		long sweep = this.properties.outbox().sweepInterval().toNanos();
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
			if (!executor.awaitTermination(this.properties.outbox().sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
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

	private record PendingEvent(long id, String topic, String messageKey, String envelope, Instant createdAt,
			String traceparent, String tracestate) {

	}

}
