package com.example.platform.messaging;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

// An image build's AOT training run refreshes the context without any database, with
// the service's migrations switched off.
class MessagingSchemaTests {

	private final DriverManagerDataSource unreachable = new DriverManagerDataSource(
			"jdbc:postgresql://127.0.0.1:1/unreachable");

	@Test
	void leavesTheDatabaseAloneWhenMigrationsAreSwitchedOff() {
		assertThatNoException().isThrownBy(() -> new MessagingSchema(this.unreachable, false));
	}

	@Test
	void migratesOtherwise() {
		assertThatRuntimeException().isThrownBy(() -> new MessagingSchema(this.unreachable, true));
	}

}
