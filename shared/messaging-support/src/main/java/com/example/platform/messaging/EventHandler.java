package com.example.platform.messaging;

import tools.jackson.databind.JsonNode;

/**
 * Applies one event's effect. Runs inside the transaction that records the event in the
 * inbox, and only for an event not applied before.
 */
@FunctionalInterface
public interface EventHandler {

	/**
	 * Applies the event. Throw {@link MalformedEventException} for an event that can
	 * never be applied; any other exception is retried.
	 * @param event the event, its payload still a tree
	 */
	void apply(EventEnvelope<JsonNode> event);

}
