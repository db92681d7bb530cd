package com.example.platform.messaging;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and evolves the outbox and inbox tables in the service's database. The
 * service's own Flyway migrations run first; these keep a history table of their own, so
 * their versions never mix with the service's.
 */
class MessagingSchema {

	static final String LOCATION = "classpath:db/messaging";

	static final String HISTORY_TABLE = "messaging_schema_history";

	MessagingSchema(DataSource dataSource, boolean migrate) {
		if (!migrate) {
			return;
		}
		Flyway.configure()
			.dataSource(dataSource)
			.locations(LOCATION)
			.table(HISTORY_TABLE)
			// The service's tables are already there: start the history below V1 so every
			// messaging migration still runs.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
