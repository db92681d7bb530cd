package com.example.platform.order.user;

import java.util.UUID;

import com.example.platform.messaging.EventEnvelope;
import com.example.platform.messaging.IncomingEvents;
import com.example.platform.messaging.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	private static final Logger log = LoggerFactory.getLogger(UserEventListener.class);

	private final IncomingEvents incoming;

	private final UserProjection projection;

	private final ApplicationEventPublisher events;

	UserEventListener(IncomingEvents incoming, UserProjection projection, ApplicationEventPublisher events) {
		this.incoming = incoming;
		this.projection = projection;
		this.events = events;
	}

	// The topic is the contract with user-service, not a setting; the group id is
	// spring.kafka.consumer.group-id.
	@KafkaListener(topics = "user-events")
	void onUserEvent(ConsumerRecord<String, String> record) {
		this.incoming.process(record, this::apply);
	}

	private void apply(EventEnvelope<JsonNode> event) {
		switch (event.type()) {
			case "UserRegistered", "UserUpdated" -> {
				requireVersion(event);
				UserDetails user = this.incoming.payload(event, UserDetails.class);
				if (user.userId() == null || user.name() == null) {
					throw new MalformedEventException(event.type() + " " + event.eventId() + " lacks userId or name");
				}
				this.projection.apply(user.userId(), ProjectedUser.Status.ACTIVE, user.name(), event.aggregateVersion(),
						event.occurredAt());
			}
			case "UserDeleted" -> {
				requireVersion(event);
				UUID userId = this.incoming.payload(event, UserDeleted.class).userId();
				if (userId == null) {
					throw new MalformedEventException("UserDeleted " + event.eventId() + " lacks userId");
				}
				this.projection.apply(userId, ProjectedUser.Status.DELETED, null, event.aggregateVersion(),
						event.occurredAt());
				this.events.publishEvent(new UserDeletedLocally(userId));
			}
			// Tolerant of new kinds of user events: they are none of this projection's
			// business until it is taught otherwise.
			default -> log.debug("Ignoring user event type {}", event.type());
		}
	}

	// A version this consumer does not know may mean something else: dead-letter it for a
	// replay after an upgrade rather than guess.
	private static void requireVersion(EventEnvelope<JsonNode> event) {
		if (event.version() != 1) {
			throw new MalformedEventException(
					"%s version %d is not understood by this consumer".formatted(event.type(), event.version()));
		}
	}

	record UserDetails(UUID userId, String name) {

	}

	record UserDeleted(UUID userId) {

	}

}
