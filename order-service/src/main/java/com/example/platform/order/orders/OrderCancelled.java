package com.example.platform.order.orders;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the cancelling transaction; listeners that talk to the outside world
 * react after commit.
 *
 * @param orderId the order
 * @param userId who placed it
 * @param orderVersion the order's version after the cancellation was stored
 * @param occurredAt when it was cancelled
 */
public record OrderCancelled(UUID orderId, UUID userId, long orderVersion, Instant occurredAt) {

	static OrderCancelled of(Order order, Instant occurredAt) {
		return new OrderCancelled(order.getId(), order.getUserId(), order.getVersion(), occurredAt);
	}

}
