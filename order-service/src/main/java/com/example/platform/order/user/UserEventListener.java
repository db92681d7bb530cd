package com.example.platform.order.user;

import java.util.List;
import java.util.UUID;

import com.example.platform.messaging.EventEnvelope;
import com.example.platform.messaging.EventTypes;
import com.example.platform.messaging.Inbox;
import com.example.platform.messaging.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@link UserProjection} from {@code user-events}. The inbox makes a redelivery
 * harmless; the version check makes reordering harmless.
 */
@Component
class UserEventListener {

	private final Inbox inbox;

	private final UserProjection projection;

	private final ApplicationEventPublisher events;

	private final EventTypes types;

	UserEventListener(Inbox inbox, UserProjection projection, ApplicationEventPublisher events) {
		this.inbox = inbox;
		this.projection = projection;
		this.events = events;
		this.types = inbox.handling()
			.on("UserRegistered", 1, UserDetails.class, this::upsert)
			.on("UserUpdated", 1, UserDetails.class, this::upsert)
			.on("UserDeleted", 1, UserDeleted.class, this::delete);
	}

	// One name for the topic, read by user-service's producer too (platform.topics,
	// service-defaults); the group id is spring.kafka.consumer.group-id.
	// A batch at a time, as every consumer of the platform: the records of one poll are
	// applied in one transaction.
	@KafkaListener(topics = "${platform.topics.users}", batch = "true")
	void onUserEvents(List<ConsumerRecord<String, String>> records) {
		this.inbox.processAll(records, this.types);
	}

	private void upsert(EventEnvelope<JsonNode> event, UserDetails user) {
		if (user.userId() == null || user.name() == null) {
			throw new MalformedEventException(event.type() + " " + event.eventId() + " lacks userId or name");
		}
		this.projection.apply(user.userId(), ProjectedUser.Status.ACTIVE, user.name(), event.aggregateVersion(),
				event.occurredAt());
	}

	private void delete(EventEnvelope<JsonNode> event, UserDeleted deleted) {
		if (deleted.userId() == null) {
			throw new MalformedEventException("UserDeleted " + event.eventId() + " lacks userId");
		}
		this.projection.apply(deleted.userId(), ProjectedUser.Status.DELETED, null, event.aggregateVersion(),
				event.occurredAt());
		this.events.publishEvent(new UserDeletedLocally(deleted.userId()));
	}

	record UserDetails(UUID userId, String name) {

	}

	record UserDeleted(UUID userId) {

	}

}
