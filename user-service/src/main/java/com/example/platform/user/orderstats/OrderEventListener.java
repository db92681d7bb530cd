package com.example.platform.user.orderstats;

import java.util.List;

import com.example.platform.messaging.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies order events at most once each (messaging-support's inbox), the records of a
 * poll in one transaction. A record that fails is retried with backoff and then
 * dead-lettered to {@code order-events.DLT}; one that can never be applied (not an
 * envelope, a broken payload) is dead-lettered at once.
 */
@Component
class OrderEventListener {

	private final Inbox inbox;

	private final OrderStatsService stats;

	OrderEventListener(Inbox inbox, OrderStatsService stats) {
		this.inbox = inbox;
		this.stats = stats;
	}

	// One name for the topic, read by order-service's producer too (platform.topics,
	// service-defaults); the group id is spring.kafka.consumer.group-id.
	// A batch at a time: the records of one poll are applied in one transaction.
	@KafkaListener(topics = "${platform.topics.orders}", batch = "true")
	void onOrderEvents(List<ConsumerRecord<String, String>> records) {
		this.inbox.processAll(records, this.stats::apply);
	}

}
