package com.example.platform.user.ordercount;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The envelope order-service publishes to {@code order-events}. The payload stays a tree
 * until the type says which record it is.
 */
record OrderEvent(UUID eventId, String type, int version, UUID aggregateId, long aggregateVersion, Instant occurredAt,
		JsonNode payload) {

	static final String ORDER_PLACED = "OrderPlaced";

	static final String ORDER_CANCELLED = "OrderCancelled";

}
