package com.example.platform.schema;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

// An image build's AOT training run refreshes the context without any database, with
// the service's migrations switched off.
class LibrarySchemaTests {

	private final DriverManagerDataSource unreachable = new DriverManagerDataSource(
			"jdbc:postgresql://127.0.0.1:1/unreachable");

	@Test
	void leavesTheDatabaseAloneWhenMigrationsAreSwitchedOff() {
		assertThatNoException().isThrownBy(() -> new LibrarySchema("messaging", this.unreachable, false));
	}

	@Test
	void migratesOtherwise() {
		assertThatRuntimeException().isThrownBy(() -> new LibrarySchema("messaging", this.unreachable, true));
	}

	@Test
	void keepsEachLibrarysMigrationsAndHistoryApart() {
		assertThat(LibrarySchema.location("idempotency")).isEqualTo("classpath:db/idempotency");
		assertThat(LibrarySchema.historyTable("idempotency")).isEqualTo("idempotency_schema_history");
	}

}
