package com.example.platform.user.ordercount;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code users.order_count} equal to the number of a user's placed, not cancelled
 * orders. The count is a projection of order-service's events, not a user edit, so it
 * deliberately leaves the optimistic-locking {@code version} alone: a client holding a
 * user's version must not get a 409 because the user placed an order meanwhile.
 */
@Service
class OrderCountService {

	private static final Logger log = LoggerFactory.getLogger(OrderCountService.class);

	private final JdbcClient jdbc;

	OrderCountService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	void orderPlaced(UUID eventId, OrderPlaced order) {
		apply(eventId, order.userId(), "update users set order_count = order_count + 1 where id = :userId");
	}

	@Transactional
	void orderCancelled(UUID eventId, OrderCancelled order) {
		// greatest() rather than a where clause, so the row count still tells whether the
		// user exists.
		apply(eventId, order.userId(),
				"update users set order_count = greatest(order_count - 1, 0) where id = :userId");
	}

	// Recording the event id and changing the count commit together: a redelivered event
	// finds its id recorded and changes nothing. The update is a single statement, so
	// concurrent events for one user cannot lose an increment.
	private void apply(UUID eventId, UUID userId, String update) {
		int recorded = this.jdbc
			.sql("insert into processed_events (event_id, processed_at) values (:eventId, now()) "
					+ "on conflict do nothing")
			.param("eventId", eventId)
			.update();
		if (recorded == 0) {
			log.debug("Event {} was already applied; ignoring the redelivery", eventId);
			return;
		}
		if (this.jdbc.sql(update).param("userId", userId).update() == 0) {
			log.info("Event {} is for user {}, who no longer exists; nothing to count", eventId, userId);
		}
	}

}
