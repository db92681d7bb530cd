package com.example.platform.order.event;

import java.util.UUID;

import com.example.platform.order.order.OrderCancelled;
import com.example.platform.order.order.OrderPlaced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends order events to Kafka once the change is committed, so consumers never see an
 * order that was rolled back. A crash between commit and send loses the event: the
 * messaging issue replaces this with a transactional outbox.
 */
@Component
class OrderEventPublisher {

	private static final Logger log = LoggerFactory.getLogger(OrderEventPublisher.class);

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json;

	private final String topic;

	OrderEventPublisher(KafkaTemplate<String, String> kafka, JsonMapper json, OrderEventsProperties properties) {
		this.kafka = kafka;
		this.json = json;
		this.topic = properties.topic();
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void on(OrderPlaced event) {
		send(EventEnvelope.of("OrderPlaced", event.orderId(), event.orderVersion(), event.occurredAt(),
				new OrderPlacedPayload(event.orderId(), event.userId(), event.total(), event.itemCount())));
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
	void on(OrderCancelled event) {
		send(EventEnvelope.of("OrderCancelled", event.orderId(), event.orderVersion(), event.occurredAt(),
				new OrderCancelledPayload(event.orderId(), event.userId())));
	}

	private void send(EventEnvelope<?> envelope) {
		UUID orderId = envelope.aggregateId();
		this.kafka.send(this.topic, orderId.toString(), this.json.writeValueAsString(envelope))
			.whenComplete((result, failure) -> {
				if (failure != null) {
					log.error("Failed to publish {} {} for order {}", envelope.type(), envelope.eventId(), orderId,
							failure);
				}
			});
	}

}
