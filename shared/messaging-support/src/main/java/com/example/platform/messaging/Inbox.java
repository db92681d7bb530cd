package com.example.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The inbox, the consuming side: parses a record into an {@link EventEnvelope} and
 * applies it at most once. The event's id goes into the inbox in the same database
 * transaction as its effect, so a redelivered event (after a crash before the offset
 * commit, a relay that sent a batch twice, a replayed dead letter) finds its id and
 * changes nothing. Consumers hand it a poll's records at once ({@link #processAll}), to
 * pay one commit per batch rather than one per record.
 */
public class Inbox {

	private static final Logger log = LoggerFactory.getLogger(Inbox.class);

	private static final TypeReference<EventEnvelope<JsonNode>> ENVELOPE = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

	private final Counter duplicates;

	private final Counter rollbacks;

	Inbox(JdbcClient jdbc, TransactionOperations transactions, JsonMapper json, MeterRegistry meters,
			ObservationRegistry observations) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		// A tolerant reader: a producer may add properties without breaking this
		// consumer.
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.meters = meters;
		this.observations = observations;
		this.duplicates = Counter.builder("messaging.inbox.duplicates")
			.description("Events received again after they had been applied, and ignored")
			.register(meters);
		this.rollbacks = Counter.builder("messaging.inbox.rollbacks")
			.description("Batches of records rolled back by a record that failed or a commit that did; retried")
			.register(meters);
	}

	/**
	 * Applies the events of a batch of records, each unless it was applied before, in one
	 * database transaction: one commit for the batch instead of one per record. When a
	 * record fails, the transaction rolls back, the records before it are applied again
	 * in a transaction of their own, and a {@link BatchListenerFailedException} names the
	 * failed one, so the listener container commits the offsets before it and retries it
	 * (or dead-letters it, {@link DeadLetters}) with the records after it; the failed
	 * record's handler thus runs once per attempt.
	 * @param records the records as consumed, in their partitions' order
	 * @param handler the effect of one event
	 * @throws BatchListenerFailedException naming the first record that failed
	 */
	public void processAll(List<ConsumerRecord<String, String>> records, EventHandler handler) {
		if (records.isEmpty()) {
			return;
		}
		try {
			applyAll(records, handler);
		}
		catch (RecordFailedException failure) {
			this.rollbacks.increment();
			if (failure.index > 0) {
				processAll(records.subList(0, failure.index), handler);
			}
			throw new BatchListenerFailedException(failure.getCause().getMessage(), failure.getCause(), failure.index);
		}
		catch (RuntimeException ex) {
			// The commit failed (the database went away, a lock could not be had): no one
			// record is to blame; the batch is retried from its first record, as a record
			// listener's would be.
			this.rollbacks.increment();
			throw new BatchListenerFailedException(ex.getMessage(), ex, 0);
		}
	}

	private void applyAll(List<ConsumerRecord<String, String>> records, EventHandler handler) {
		Instant received = Instant.now();
		List<Applied> applied = this.transactions.execute((status) -> {
			List<Applied> done = new ArrayList<>(records.size());
			for (int i = 0; i < records.size(); i++) {
				ConsumerRecord<String, String> record = records.get(i);
				try {
					done.add(new Applied(record, observed(record, () -> applyOne(record, handler))));
				}
				catch (RuntimeException ex) {
					throw new RecordFailedException(i, ex);
				}
			}
			return done;
		});
		Instant committed = Instant.now();
		for (Applied one : applied) {
			if (one.event() != null) {
				latency(one.record().topic(), one.event().type())
					.record(Duration.between(one.event().occurredAt(), committed));
				recordStages(one.record(), one.event().occurredAt(), received, committed);
			}
			else {
				this.duplicates.increment();
			}
		}
	}

	// The event, or null when it was applied before.
	private EventEnvelope<JsonNode> applyOne(ConsumerRecord<String, String> record, EventHandler handler) {
		EventEnvelope<JsonNode> event = parse(record);
		int recorded = this.jdbc
			.sql("insert into messaging_inbox (event_id, topic, event_type) values (:eventId, :topic, :type) "
					+ "on conflict do nothing")
			.param("eventId", event.eventId())
			.param("topic", record.topic())
			.param("type", event.type())
			.update();
		if (recorded == 0) {
			log.debug("Event {} was applied before; ignoring the redelivery", event.eventId());
			return null;
		}
		handler.apply(event);
		return event;
	}

	// What Spring Kafka observes for each record of a record listener, and not for a
	// batch listener's: the consumer's span continues the producer's (the record's
	// traceparent header), and the spring.kafka.listener timer counts it.
	private <T> T observed(ConsumerRecord<String, String> record, Supplier<T> work) {
		String group = Objects.requireNonNullElse(KafkaUtils.getConsumerGroupId(), "");
		Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
				KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
				() -> new KafkaRecordReceiverContext(record, group, null, group, () -> null), this.observations);
		return observation.observe(work);
	}

	/**
	 * Starts the event types a consumer handles, to pass to {@link #processAll}.
	 * @return no types yet
	 */
	public EventTypes handling() {
		return new EventTypes(this);
	}

	/**
	 * Reads an event's payload as the given type, ignoring properties it does not know.
	 * @param event the event
	 * @param type the payload's record
	 * @param <T> the payload type
	 * @return the payload
	 * @throws MalformedEventException when the payload does not fit the type
	 */
	public <T> T payload(EventEnvelope<JsonNode> event, Class<T> type) {
		try {
			return this.json.treeToValue(event.payload(), type);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("The payload of %s %s is not valid: %s".formatted(event.type(),
					event.eventId(), ex.getOriginalMessage()), ex);
		}
	}

	private EventEnvelope<JsonNode> parse(ConsumerRecord<String, String> record) {
		if (record.value() == null) {
			throw new MalformedEventException("The record has no value");
		}
		EventEnvelope<JsonNode> event;
		try {
			event = this.json.readValue(record.value(), ENVELOPE);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("The record is not an event envelope: " + ex.getOriginalMessage(), ex);
		}
		if (event.eventId() == null || event.type() == null || event.aggregateId() == null || event.occurredAt() == null
				|| event.payload() == null || event.version() < 1) {
			throw new MalformedEventException(
					"The envelope lacks eventId, type, version, aggregateId, occurredAt or payload");
		}
		return event;
	}

	/**
	 * Splits the end-to-end latency where the time goes: {@code outbox} from occurredAt
	 * to the relay handing the record to the producer (the record's create time),
	 * {@code kafka} from there to this consumer receiving it, {@code apply} from there to
	 * its transaction committing. Across machines, clock skew shifts time between stages.
	 */
	private void recordStages(ConsumerRecord<String, String> record, Instant occurredAt, Instant received,
			Instant committed) {
		if (record.timestampType() == TimestampType.CREATE_TIME && record.timestamp() >= 0) {
			Instant sent = Instant.ofEpochMilli(record.timestamp());
			stage(record.topic(), "outbox").record(nonNegative(Duration.between(occurredAt, sent)));
			stage(record.topic(), "kafka").record(nonNegative(Duration.between(sent, received)));
		}
		stage(record.topic(), "apply").record(Duration.between(received, committed));
	}

	// Milliseconds on the record, nanoseconds on the clock: a stage can look a little
	// negative.
	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

	private Timer stage(String topic, String stage) {
		return this.latencies.computeIfAbsent(topic + '#' + stage,
				(key) -> Timer.builder("messaging.event.stage")
					.description("The event latency's stages: outbox (occurredAt to the relay's send), "
							+ "kafka (send to this consumer), apply (to its commit)")
					.tag("topic", topic)
					.tag("stage", stage)
					.publishPercentileHistogram()
					.maximumExpectedValue(Duration.ofSeconds(30))
					.register(this.meters));
	}

	private record Applied(ConsumerRecord<String, String> record, EventEnvelope<JsonNode> event) {
	}

	// Rolls the batch's transaction back and says which record failed.
	private static final class RecordFailedException extends RuntimeException {

		private final int index;

		RecordFailedException(int index, RuntimeException cause) {
			super(cause);
			this.index = index;
		}

	}

	private Timer latency(String topic, String type) {
		return this.latencies.computeIfAbsent(topic + '/' + type,
				(key) -> Timer.builder("messaging.event.latency")
					.description("From the event's occurredAt to its effect being committed by this consumer")
					.tag("topic", topic)
					.tag("type", type)
					.publishPercentileHistogram()
					.register(this.meters));
	}

}
