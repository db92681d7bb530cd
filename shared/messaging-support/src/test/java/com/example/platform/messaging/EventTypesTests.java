package com.example.platform.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventTypesTests {

	private final Inbox inbox = new Inbox(null, null, JsonMapper.builder().build(), new SimpleMeterRegistry(),
			ObservationRegistry.NOOP);

	private final List<Placed> applied = new ArrayList<>();

	private final EventTypes types = this.inbox.handling()
		.on("Placed", 1, Placed.class, (event, placed) -> this.applied.add(placed));

	@Test
	void readsAKnownTypeAndVersionIntoItsRecordIgnoringAddedFields() {
		this.types.apply(event("Placed", 1, "{\"orderId\":\"7\",\"addedLater\":true}"));

		assertThat(this.applied).containsExactly(new Placed("7"));
	}

	@Test
	void ignoresATypeItHasNoHandlerFor() {
		this.types.apply(event("Shipped", 1, "{\"orderId\":\"7\"}"));

		assertThat(this.applied).isEmpty();
	}

	@Test
	void refusesAVersionOfAKnownTypeItWasNotTaught() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> this.types.apply(event("Placed", 2, "{\"orderId\":\"7\"}")))
			.withMessageContaining("Placed version 2");
		assertThat(this.applied).isEmpty();
	}

	@Test
	void refusesAPayloadThatDoesNotFitItsRecord() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> this.types.apply(event("Placed", 1, "{\"orderId\":[1,2]}")));
	}

	private static EventEnvelope<JsonNode> event(String type, int version, String payload) {
		return new EventEnvelope<>(UUID.randomUUID(), type, version, UUID.randomUUID(), 1, Instant.now(),
				JsonMapper.shared().readTree(payload));
	}

	record Placed(String orderId) {
	}

}
