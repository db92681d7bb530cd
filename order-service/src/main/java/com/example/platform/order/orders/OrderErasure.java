package com.example.platform.order.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.platform.order.user.UserDeletedLocally;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Erases a deleted user's orders (their items go with them, {@code on delete cascade}):
 * what someone bought is personal data, and an order of nobody serves no one here. Runs
 * in the transaction that applies the {@code UserDeleted} event, so the erasure and the
 * event's inbox entry commit together; a redelivered event finds nothing left to erase.
 * The {@code OrderPlaced} and {@code OrderCancelled} events already published stay in
 * order-events until its retention ends.
 */
@Component
class OrderErasure {

	private static final Logger log = LoggerFactory.getLogger(OrderErasure.class);

	private final JdbcClient jdbc;

	OrderErasure(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void eraseOrdersOf(UserDeletedLocally deleted) {
		int erased = this.jdbc.sql("delete from orders where user_id = :userId")
			.param("userId", deleted.userId())
			.update();
		log.info("Erased {} orders of deleted user {}", erased, deleted.userId());
	}

}
