package com.example.platform.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The platform's Kafka event contract: metadata consumers route and deduplicate on, and a
 * type-specific payload. The record key is always {@code aggregateId}, so one aggregate's
 * events share a partition and keep their order.
 *
 * @param eventId unique per event, for consumers' deduplication
 * @param type what happened, e.g. {@code OrderPlaced}
 * @param version the schema version of this type's payload
 * @param aggregateId the entity the event is about
 * @param aggregateVersion that entity's version after the change; consumers ignore
 * anything older than what they have seen
 * @param occurredAt when the change happened
 * @param payload the type-specific data
 * @param <T> the payload type
 */
// A tolerant reader: a producer may add envelope fields (a backward-compatible change
// by the event contracts' rules) even where a service rejects unknown fields in requests.
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope<T>(UUID eventId, String type, int version, UUID aggregateId, long aggregateVersion,
		Instant occurredAt, T payload) {

	/**
	 * A new event with a fresh id.
	 * @param type what happened
	 * @param version the payload's schema version
	 * @param aggregateId the entity
	 * @param aggregateVersion the entity's version after the change
	 * @param occurredAt when it happened
	 * @param payload the data
	 * @param <T> the payload type
	 * @return the envelope
	 */
	public static <T> EventEnvelope<T> of(String type, int version, UUID aggregateId, long aggregateVersion,
			Instant occurredAt, T payload) {
		return new EventEnvelope<>(UUID.randomUUID(), type, version, aggregateId, aggregateVersion, occurredAt,
				payload);
	}

}
