package com.example.platform.idempotency;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(IdempotencyAutoConfiguration.class);

	private static final DataSource UNREACHABLE = new DriverManagerDataSource(
			"jdbc:postgresql://127.0.0.1:1/unreachable");

	// A stopped database: every connection is refused.
	private final WebApplicationContextRunner withUnreachableDatabase = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withBean(DataSource.class, () -> UNREACHABLE)
		.withBean(JdbcClient.class, () -> JdbcClient.create(UNREACHABLE));

	@Test
	void staysOutOfAServiceThatSwitchesItOff() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("platform.idempotency.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotencyKeys.class));
	}

	// An image build's AOT training run refreshes the context without any database.
	@Test
	void leavesTheSchemaAloneWhenTheServiceSwitchesItsMigrationsOff() {
		this.withUnreachableDatabase.withPropertyValues("spring.flyway.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(IdempotencyKeys.class));
	}

	@Test
	void migratesTheSchemaByDefault() {
		this.withUnreachableDatabase.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void staysOutOfNonWebApplications() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotencyKeys.class));
	}

}
