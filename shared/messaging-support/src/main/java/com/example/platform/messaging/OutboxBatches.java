package com.example.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One batch of the outbox, oldest row first, published to Kafka.
 * <p>
 * A batch runs in one database transaction that first takes a PostgreSQL advisory
 * transaction lock: of several instances only one publishes at a time, so rows go out in
 * id order and are not sent twice by two instances racing; the lock ends with the batch,
 * so a crashed or stopped publisher never stalls the others. The rows are marked
 * published only after Kafka has acknowledged every one of them; if anything fails the
 * transaction rolls back and the whole batch stays to be tried again, which can send some
 * records twice (at-least-once) but never loses one. When to publish is the
 * {@link OutboxRelay}'s business.
 */
class OutboxBatches {

	/**
	 * What {@link #publishBatch()} answers while another instance holds the lock.
	 */
	static final int LOCKED_ELSEWHERE = -1;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final KafkaTemplate<String, String> kafka;

	private final MessagingProperties.Outbox settings;

	private final long lockKey;

	private final OutboxTracing tracing;

	private final Counter published;

	private final Timer latency;

	OutboxBatches(JdbcClient jdbc, TransactionOperations transactions, KafkaTemplate<String, String> kafka,
			MessagingProperties.Outbox settings, long lockKey, OutboxTracing tracing, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.settings = settings;
		this.lockKey = lockKey;
		this.tracing = tracing;
		this.published = Counter.builder("messaging.outbox.published")
			.description("Outbox rows published to Kafka and acknowledged")
			.register(meters);
		this.latency = Timer.builder("messaging.outbox.publish.latency")
			.description("From appending an event to the outbox to Kafka's acknowledgement")
			.publishPercentiles(0.5, 0.99)
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Publishes the oldest unpublished rows, at most a batch.
	 * @return how many were published, or {@link #LOCKED_ELSEWHERE}
	 * @throws RuntimeException when the batch failed and stays unpublished
	 */
	int publishBatch() {
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
				.param("limit", this.settings.batchSize())
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
				.get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
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

	// Deletes in bounded chunks so a long-neglected table never takes one huge
	// transaction.
	int deletePublished() {
		return this.jdbc
			.sql("delete from messaging_outbox where id in (select id from messaging_outbox "
					+ "where published_at < :before limit 10000)")
			.param("before", java.sql.Timestamp.from(Instant.now().minus(this.settings.publishedRetention())))
			.update();
	}

	private record PendingEvent(long id, String topic, String messageKey, String envelope, Instant createdAt,
			String traceparent, String tracestate) {

	}

}
