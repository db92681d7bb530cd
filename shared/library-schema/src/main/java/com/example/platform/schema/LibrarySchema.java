package com.example.platform.schema;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.core.env.Environment;

/**
 * The tables a shared library (the outbox and inbox, the idempotency keys) keeps in the
 * service's database. The service's own Flyway migrations run first; a library's keep a
 * history table of their own ({@code <name>_schema_history}, from
 * {@code classpath:db/<name>}), so their versions never mix with the service's.
 * <p>
 * A library's auto-configuration declares one as a bean and lets the beans that use its
 * tables depend on it, so the tables exist before they are touched.
 */
public final class LibrarySchema {

	private final String name;

	LibrarySchema(String name, DataSource dataSource, boolean migrate) {
		this.name = name;
		if (!migrate) {
			return;
		}
		Flyway.configure()
			.dataSource(dataSource)
			.locations(location(name))
			.table(historyTable(name))
			// The service's tables are already there: start the history below V1 so every
			// library migration still runs.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	/**
	 * Migrates the library's tables after the service's own. Asking for the service's
	 * Flyway initializer first makes its migrations run before ours, so its Flyway never
	 * finds a non-empty schema without its own history. With the service's migrations
	 * switched off (the schema is managed elsewhere, or an image build's AOT training run
	 * has no database) these are off too.
	 * @param name the library's name: migrations under {@code classpath:db/<name>}
	 * @param serviceMigrations the service's Flyway initializer, if any
	 * @param flyway the service's Flyway, whose data source is used where there is one
	 * @param dataSource the data source otherwise
	 * @param environment where {@code spring.flyway.enabled} is read
	 * @return the migrated schema, for beans to depend on
	 */
	public static LibrarySchema migrate(String name, ObjectProvider<FlywayMigrationInitializer> serviceMigrations,
			ObjectProvider<Flyway> flyway, DataSource dataSource, Environment environment) {
		serviceMigrations.ifAvailable((initializer) -> {
		});
		Flyway service = flyway.getIfAvailable();
		return new LibrarySchema(name, (service != null) ? service.getConfiguration().getDataSource() : dataSource,
				environment.getProperty("spring.flyway.enabled", Boolean.class, true));
	}

	static String location(String name) {
		return "classpath:db/" + name;
	}

	static String historyTable(String name) {
		return name + "_schema_history";
	}

	@Override
	public String toString() {
		return "LibrarySchema " + this.name;
	}

}
