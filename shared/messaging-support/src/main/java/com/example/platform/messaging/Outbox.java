package com.example.platform.messaging;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where producers put their events: a table in their own database, written in the
 * transaction that makes the change, so an event exists exactly when its change was
 * committed. The {@link OutboxRelay} publishes it afterwards.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final OutboxRelay relay;

	private final OutboxTracing tracing;

	Outbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, OutboxTracing tracing) {
		this.jdbc = jdbc;
		this.json = json;
		this.relay = relay;
		this.tracing = tracing;
	}

	/**
	 * Stores an event in the caller's transaction; after that transaction commits, this
	 * instance's relay is woken to publish it at once.
	 * @param topic the topic it is for
	 * @param event the event; its aggregate id becomes the record key
	 * @throws IllegalTransactionStateException when called outside a transaction: an
	 * event stored on its own could describe a change that is then rolled back
	 */
	public void append(String topic, EventEnvelope<?> event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalTransactionStateException(
					"Outbox.append needs the transaction of the change the event describes");
		}
		Map<String, String> trace = this.tracing.current();
		this.jdbc
			.sql("insert into messaging_outbox (event_id, topic, message_key, event_type, envelope, traceparent, "
					+ "tracestate) values (:eventId, :topic, :key, :type, :envelope, :traceparent, :tracestate)")
			.param("eventId", event.eventId())
			.param("topic", topic)
			.param("key", event.aggregateId().toString())
			.param("type", event.type())
			.param("envelope", this.json.writeValueAsString(event))
			.param("traceparent", trace.get(OutboxTracing.TRACEPARENT))
			.param("tracestate", trace.get(OutboxTracing.TRACESTATE))
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				Outbox.this.relay.wakeUp();
			}

		});
	}

}
