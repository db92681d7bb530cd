package com.example.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.springframework.transaction.support.TransactionOperations;

/**
 * The inbox, the consuming side: parses a record into an {@link EventEnvelope} and
 * applies it at most once. The event's id goes into the inbox in the same database
 * transaction as its effect, so a redelivered event (after a crash before the offset
 * commit, a relay that sent a batch twice, a replayed dead letter) finds its id and
 * changes nothing.
 */
public class Inbox {

	private static final Logger log = LoggerFactory.getLogger(Inbox.class);

	private static final TypeReference<EventEnvelope<JsonNode>> ENVELOPE = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

	private final Counter duplicates;

	Inbox(JdbcClient jdbc, TransactionOperations transactions, JsonMapper json, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		// A tolerant reader: a producer may add properties without breaking this
		// consumer.
		this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.meters = meters;
		this.duplicates = Counter.builder("messaging.inbox.duplicates")
			.description("Events received again after they had been applied, and ignored")
			.register(meters);
	}

	/**
	 * Applies a record's event unless it was applied before.
	 * @param record the record as consumed
	 * @param handler the effect
	 * @return whether the effect was applied now
	 * @throws MalformedEventException when the record is not an event envelope
	 */
	public boolean process(ConsumerRecord<String, String> record, EventHandler handler) {
		Instant received = Instant.now();
		EventEnvelope<JsonNode> event = parse(record);
		Boolean applied = this.transactions.execute((status) -> {
			int recorded = this.jdbc
				.sql("insert into messaging_inbox (event_id, topic, event_type) values (:eventId, :topic, :type) "
						+ "on conflict do nothing")
				.param("eventId", event.eventId())
				.param("topic", record.topic())
				.param("type", event.type())
				.update();
			if (recorded == 0) {
				return false;
			}
			handler.apply(event);
			return true;
		});
		if (Boolean.TRUE.equals(applied)) {
			Instant committed = Instant.now();
			latency(record.topic(), event.type()).record(Duration.between(event.occurredAt(), committed));
			recordStages(record, event.occurredAt(), received, committed);
			return true;
		}
		this.duplicates.increment();
		log.debug("Event {} was applied before; ignoring the redelivery", event.eventId());
		return false;
	}

	/**
	 * Starts the event types a consumer handles, to pass to {@link #process}.
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
