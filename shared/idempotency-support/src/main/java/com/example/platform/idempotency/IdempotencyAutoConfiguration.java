package com.example.platform.idempotency;

import javax.sql.DataSource;

import com.example.platform.schema.LibrarySchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Idempotency keys for the POST endpoints of a servlet service that owns a PostgreSQL
 * database: the {@link IdempotencyFilter}, its table and housekeeping, and its metrics.
 */
@AutoConfiguration(after = { FlywayAutoConfiguration.class, JdbcClientAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBooleanProperty(name = "platform.idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

	/**
	 * Right after Spring Security's filter chain (order -100), so the caller is known;
	 * the platform's other filters (request size limit, instance header) run before.
	 */
	static final int FILTER_ORDER = -90;

	// The library's own tables, migrated after the service's (LibrarySchema).
	@Bean
	LibrarySchema idempotencySchema(ObjectProvider<FlywayMigrationInitializer> serviceMigrations,
			ObjectProvider<Flyway> flyway, DataSource dataSource, Environment environment) {
		return LibrarySchema.migrate("idempotency", serviceMigrations, flyway, dataSource, environment);
	}

	// The claim session is a connection of its own (see ClaimLocks), opened with the
	// service's connection settings where Boot holds them, as it does for the platform's
	// services; a service that builds its DataSource by hand lends one of that instead.
	@Bean
	ClaimLocks idempotencyClaimLocks(ObjectProvider<DataSourceProperties> connection, DataSource dataSource,
			IdempotencyProperties properties) {
		DataSourceProperties settings = connection.getIfAvailable();
		DataSource sessions = (settings != null) ? new DriverManagerDataSource(settings.determineUrl(),
				settings.determineUsername(), settings.determinePassword()) : dataSource;
		return new ClaimLocks(sessions, properties.ownerTimeout());
	}

	@Bean
	IdempotencyKeys idempotencyKeys(@Qualifier("idempotencySchema") LibrarySchema schema, JdbcClient jdbc,
			ClaimLocks locks, IdempotencyProperties properties) {
		return new IdempotencyKeys(jdbc, locks, properties);
	}

	@Bean
	IdempotencyHousekeeping idempotencyHousekeeping(IdempotencyKeys keys, IdempotencyProperties properties) {
		return new IdempotencyHousekeeping(keys, properties.housekeepingInterval());
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys, IdempotencyProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		IdempotencyMetrics metrics = new IdempotencyMetrics(meters.getIfAvailable(SimpleMeterRegistry::new));
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(keys, metrics, properties));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
