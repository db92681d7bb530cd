package com.example.platform.contracts;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every event the platform publishes, in one place. A new type or a new version of a type
 * is a new schema and example file plus a line here; an existing version never changes
 * incompatibly (the build's compatibility test refuses that).
 */
public final class EventContracts {

	/**
	 * All contracts, by topic.
	 */
	public static final List<EventContract> ALL = List.of(new EventContract("order-events", "OrderPlaced", 1),
			new EventContract("order-events", "OrderCancelled", 1),
			new EventContract("user-events", "UserRegistered", 1), new EventContract("user-events", "UserUpdated", 1),
			new EventContract("user-events", "UserDeleted", 1));

	private EventContracts() {
	}

	/**
	 * The contract of one event type and version.
	 * @param type the envelope's {@code type}
	 * @param version the envelope's {@code version}
	 * @return the contract
	 * @throws NoSuchElementException when there is none
	 */
	public static EventContract of(String type, int version) {
		return ALL.stream()
			.filter((contract) -> contract.type().equals(type) && contract.version() == version)
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException("No contract for " + type + " v" + version));
	}

	/**
	 * The contracts of one topic.
	 * @param topic the topic
	 * @return its contracts
	 */
	public static List<EventContract> ofTopic(String topic) {
		return ALL.stream().filter((contract) -> contract.topic().equals(topic)).toList();
	}

}
