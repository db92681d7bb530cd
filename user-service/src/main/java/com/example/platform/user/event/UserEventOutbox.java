package com.example.platform.user.event;

import java.util.Objects;
import java.util.UUID;

import com.example.platform.messaging.EventEnvelope;
import com.example.platform.messaging.MessagingProperties;
import com.example.platform.messaging.Outbox;
import com.example.platform.user.accounts.UserDeleted;
import com.example.platform.user.accounts.UserRegistered;
import com.example.platform.user.accounts.UserUpdated;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The outbox of user events: turns user changes into events on the users topic
 * ({@code platform.topics.users}). Runs inside the changing transaction and only writes
 * the outbox, so an event exists exactly when its change was committed; the outbox relay
 * publishes it. Payloads carry what other services may keep (id and display name), not
 * the email address.
 */
@Component
class UserEventOutbox {

	static final int SCHEMA_VERSION = 1;

	private final Outbox outbox;

	private final String topic;

	UserEventOutbox(Outbox outbox, MessagingProperties properties) {
		this.outbox = outbox;
		this.topic = Objects.requireNonNull(properties.publishes(), "platform.messaging.publishes is not set").topic();
	}

	@EventListener
	void on(UserRegistered event) {
		this.outbox.append(this.topic, EventEnvelope.of("UserRegistered", SCHEMA_VERSION, event.userId(),
				event.version(), event.occurredAt(), new UserDetails(event.userId(), event.name())));
	}

	@EventListener
	void on(UserUpdated event) {
		this.outbox.append(this.topic, EventEnvelope.of("UserUpdated", SCHEMA_VERSION, event.userId(), event.version(),
				event.occurredAt(), new UserDetails(event.userId(), event.name())));
	}

	@EventListener
	void on(UserDeleted event) {
		this.outbox.append(this.topic, EventEnvelope.of("UserDeleted", SCHEMA_VERSION, event.userId(), event.version(),
				event.occurredAt(), new UserDeletedPayload(event.userId())));
	}

	record UserDetails(UUID userId, String name) {

	}

	record UserDeletedPayload(UUID userId) {

	}

}
