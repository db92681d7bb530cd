package com.example.platform.user.ordercount;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class OrderEventListener {

	private static final Logger log = LoggerFactory.getLogger(OrderEventListener.class);

	private final JsonMapper jsonMapper;

	private final OrderCountService orderCounts;

	OrderEventListener(JsonMapper jsonMapper, OrderCountService orderCounts) {
		this.jsonMapper = jsonMapper;
		this.orderCounts = orderCounts;
	}

	// The topic is the contract with order-service, not a setting; the group id is
	// spring.kafka.consumer.group-id.
	@KafkaListener(topics = "order-events")
	void onOrderEvent(ConsumerRecord<String, String> record) {
		if (record.value() == null) {
			skip(record, "it has no value");
			return;
		}
		try {
			OrderEvent event = this.jsonMapper.readValue(record.value(), OrderEvent.class);
			if (event.eventId() == null || event.type() == null || event.payload() == null) {
				skip(record, "it lacks eventId, type or payload");
				return;
			}
			switch (event.type()) {
				case OrderEvent.ORDER_PLACED -> {
					OrderPlaced placed = this.jsonMapper.treeToValue(event.payload(), OrderPlaced.class);
					if (placed.userId() == null) {
						skip(record, "its payload lacks userId");
						return;
					}
					this.orderCounts.orderPlaced(event.eventId(), placed);
				}
				case OrderEvent.ORDER_CANCELLED -> {
					OrderCancelled cancelled = this.jsonMapper.treeToValue(event.payload(), OrderCancelled.class);
					if (cancelled.userId() == null) {
						skip(record, "its payload lacks userId");
						return;
					}
					this.orderCounts.orderCancelled(event.eventId(), cancelled);
				}
				default -> skip(record, "its type '%s' is unknown".formatted(event.type()));
			}
		}
		catch (JacksonException ex) {
			skip(record, "it is not a valid order event: " + ex.getOriginalMessage());
		}
	}

	// A message that can never be processed is skipped rather than retried forever, which
	// would block its partition. The messaging work will add a dead-letter topic so such
	// messages are kept for inspection instead of only logged.
	private static void skip(ConsumerRecord<String, String> record, String reason) {
		log.warn("Skipping order event at {}-{} offset {} because {}", record.topic(), record.partition(),
				record.offset(), reason);
	}

}
