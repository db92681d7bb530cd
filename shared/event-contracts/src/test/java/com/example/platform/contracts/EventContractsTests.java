package com.example.platform.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventContractsTests {

	@ParameterizedTest(name = "{0}")
	@FieldSource("com.example.platform.contracts.EventContracts#ALL")
	void everyExampleMatchesItsSchema(EventContract contract) {
		assertThat(contract.violations(contract.example())).isEmpty();
		assertThat(contract.example()).contains("\"type\": \"" + contract.type() + "\"");
	}

	@Test
	void rejectsAnEventMissingAPayloadProperty() {
		EventContract placed = EventContracts.of("OrderPlaced", 1);

		assertThat(placed.violations(placed.example().replace("\"itemCount\": 2", "\"items\": 2")))
			.anySatisfy((violation) -> assertThat(violation).contains("itemCount"))
			.anySatisfy((violation) -> assertThat(violation).contains("items"));
	}

	@Test
	void rejectsMalformedIdsAndInstants() {
		EventContract deleted = EventContracts.of("UserDeleted", 1);
		String broken = deleted.example()
			.replace("\"2026-01-01T12:00:02Z\"", "\"yesterday\"")
			.replace("\"userId\": \"0b7e3c52-6a0f-4c8e-8f3e-2d9a7c1b5e02\"", "\"userId\": \"42\"");

		assertThat(deleted.violations(broken)).isNotEmpty()
			.allSatisfy((violation) -> assertThat(violation).containsAnyOf("occurredAt", "userId"))
			.anySatisfy((violation) -> assertThat(violation).contains("occurredAt"))
			.anySatisfy((violation) -> assertThat(violation).contains("userId"));
	}

	@Test
	void findsContractsByTopic() {
		assertThat(EventContracts.ofTopic("user-events")).extracting(EventContract::type)
			.containsExactly("UserRegistered", "UserUpdated", "UserDeleted");
	}

}
