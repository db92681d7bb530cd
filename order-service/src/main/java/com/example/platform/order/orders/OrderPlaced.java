package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the placing transaction; listeners that talk to the outside world
 * react after commit.
 *
 * @param orderId the order
 * @param userId who placed it
 * @param total the server-computed total
 * @param itemCount the number of order lines (not the sum of quantities)
 * @param orderVersion the order's version after it was stored
 * @param occurredAt when the order was placed
 */
public record OrderPlaced(UUID orderId, UUID userId, BigDecimal total, int itemCount, long orderVersion,
		Instant occurredAt) {

	static OrderPlaced of(Order order) {
		return new OrderPlaced(order.getId(), order.getUserId(), order.getTotal(), order.getItems().size(),
				order.getVersion(), order.getCreatedAt());
	}

}
