package com.example.platform.messaging;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Bound.class);

	@Test
	void defaultsToLowLatencyRelayAndFourAttemptsBeforeDeadLettering() {
		this.runner.run((context) -> {
			MessagingProperties properties = context.getBean(MessagingProperties.class);
			assertThat(properties.outbox().sweepInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.outbox().batchSize()).isEqualTo(200);
			assertThat(properties.outbox().lockKey()).isNull();
			assertThat(properties.deadLetter().maxAttempts()).isEqualTo(4);
			assertThat(properties.deadLetter().topics()).isEmpty();
			assertThat(properties.inbox().retention()).isEqualTo(Duration.ofDays(30));
		});
	}

	@Test
	void refusesFewerThanOneAttempt() {
		this.runner.withPropertyValues("platform.messaging.dead-letter.max-attempts=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesAnEmptyRelayBatch() {
		this.runner.withPropertyValues("platform.messaging.outbox.batch-size=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void givesEachServiceItsOwnRelayLock() {
		assertThat(MessagingAutoConfiguration.lockKeyOf("order-service"))
			.isNotEqualTo(MessagingAutoConfiguration.lockKeyOf("user-service"))
			.isEqualTo(MessagingAutoConfiguration.lockKeyOf("order-service"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MessagingProperties.class)
	static class Bound {

	}

}
