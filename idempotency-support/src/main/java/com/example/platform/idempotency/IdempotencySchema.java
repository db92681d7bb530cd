package com.example.platform.idempotency;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and evolves the key table in the service's database. The service's own Flyway
 * migrations run first; these keep a history table of their own, so their versions never
 * mix with the service's (the approach of messaging-support).
 */
class IdempotencySchema {

	static final String LOCATION = "classpath:db/idempotency";

	static final String HISTORY_TABLE = "idempotency_schema_history";

	IdempotencySchema(DataSource dataSource, boolean migrate) {
		if (!migrate) {
			return;
		}
		Flyway.configure()
			.dataSource(dataSource)
			.locations(LOCATION)
			.table(HISTORY_TABLE)
			// The service's tables are already there: start the history below V1 so every
			// idempotency migration still runs.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
