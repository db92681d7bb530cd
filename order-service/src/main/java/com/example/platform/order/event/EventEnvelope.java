package com.example.platform.order.event;

import java.time.Instant;
import java.util.UUID;

/**
 * The platform's Kafka event contract: metadata consumers route and deduplicate on, and a
 * type-specific payload.
 *
 * @param eventId unique per event, for consumers' deduplication
 * @param type {@code OrderPlaced} or {@code OrderCancelled}
 * @param version the payload schema's version
 * @param aggregateId the order's id
 * @param aggregateVersion the order's version after the change
 * @param occurredAt when the change happened
 * @param payload the type-specific data
 * @param <T> the payload type
 */
record EventEnvelope<T>(UUID eventId, String type, int version, UUID aggregateId, long aggregateVersion,
		Instant occurredAt, T payload) {

	static final int SCHEMA_VERSION = 1;

	static <T> EventEnvelope<T> of(String type, UUID aggregateId, long aggregateVersion, Instant occurredAt,
			T payload) {
		return new EventEnvelope<>(UUID.randomUUID(), type, SCHEMA_VERSION, aggregateId, aggregateVersion, occurredAt,
				payload);
	}

}
