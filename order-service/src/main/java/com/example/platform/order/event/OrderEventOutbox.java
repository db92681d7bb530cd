package com.example.platform.order.event;

import java.util.Objects;

import com.example.platform.messaging.EventEnvelope;
import com.example.platform.messaging.MessagingProperties;
import com.example.platform.messaging.Outbox;
import com.example.platform.order.orders.OrderCancelled;
import com.example.platform.order.orders.OrderPlaced;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The outbox of order events: turns order changes into events on the orders topic
 * ({@code platform.topics.orders}). Runs inside the changing transaction and only writes
 * the outbox: the event is committed with the change or not at all, and the outbox relay
 * publishes it after commit.
 */
@Component
class OrderEventOutbox {

	static final int SCHEMA_VERSION = 1;

	private final Outbox outbox;

	private final String topic;

	OrderEventOutbox(Outbox outbox, MessagingProperties properties) {
		this.outbox = outbox;
		this.topic = Objects.requireNonNull(properties.publishes(), "platform.messaging.publishes is not set").topic();
	}

	@EventListener
	void on(OrderPlaced event) {
		this.outbox.append(this.topic,
				EventEnvelope.of("OrderPlaced", SCHEMA_VERSION, event.orderId(), event.orderVersion(),
						event.occurredAt(),
						new OrderPlacedPayload(event.orderId(), event.userId(), event.total(), event.itemCount())));
	}

	@EventListener
	void on(OrderCancelled event) {
		this.outbox.append(this.topic, EventEnvelope.of("OrderCancelled", SCHEMA_VERSION, event.orderId(),
				event.orderVersion(), event.occurredAt(), new OrderCancelledPayload(event.orderId(), event.userId())));
	}

}
