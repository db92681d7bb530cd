package com.example.platform.messaging;

import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A consumer's event types, each in the versions it understands, with the payload record
 * each is read into (tolerantly: properties a producer added are ignored). The one way a
 * service handles the events of a topic:
 * <ul>
 * <li>a type it has no handler for is none of its business, and is ignored (a producer
 * may add types);</li>
 * <li>a known type in a version it was not taught may mean something else: it is
 * dead-lettered for a replay after an upgrade rather than guessed at;</li>
 * <li>a payload that does not fit its record is dead-lettered too.</li>
 * </ul>
 * Built by {@link Inbox#handling()}, passed to {@link Inbox#processAll}.
 */
public final class EventTypes implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(EventTypes.class);

	private final Inbox inbox;

	private final Map<String, Map<Integer, EventHandler>> handlers = new HashMap<>();

	EventTypes(Inbox inbox) {
		this.inbox = inbox;
	}

	/**
	 * Handles one type in one version.
	 * @param type the envelope's {@code type}
	 * @param version the envelope's {@code version}
	 * @param payloadType the record the payload is read into
	 * @param handler the effect
	 * @param <T> the payload type
	 * @return these types, for more
	 */
	public <T> EventTypes on(String type, int version, Class<T> payloadType, PayloadHandler<T> handler) {
		this.handlers.computeIfAbsent(type, (key) -> new HashMap<>())
			.put(version, (event) -> handler.apply(event, this.inbox.payload(event, payloadType)));
		return this;
	}

	@Override
	public void apply(EventEnvelope<JsonNode> event) {
		Map<Integer, EventHandler> versions = this.handlers.get(event.type());
		if (versions == null) {
			log.debug("Ignoring event type {}: not handled by this consumer", event.type());
			return;
		}
		EventHandler handler = versions.get(event.version());
		if (handler == null) {
			throw new MalformedEventException(
					"%s version %d is not understood by this consumer".formatted(event.type(), event.version()));
		}
		handler.apply(event);
	}

	/**
	 * The effect of one event type, given its payload read into a record.
	 *
	 * @param <T> the payload type
	 */
	@FunctionalInterface
	public interface PayloadHandler<T> {

		/**
		 * Applies the event. Throw {@link MalformedEventException} for a payload that can
		 * never be applied (e.g. a required field is missing).
		 * @param event the event, for its metadata
		 * @param payload its payload
		 */
		void apply(EventEnvelope<JsonNode> event, T payload);

	}

}
