package com.example.platform.idempotency;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void hasDocumentedDefaults() {
		this.runner.run((context) -> {
			IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
			assertThat(properties.enabled()).isTrue();
			assertThat(properties.ttl()).isEqualTo(Duration.ofHours(24));
			assertThat(properties.inProgressTimeout()).isEqualTo(Duration.ofMinutes(1));
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.housekeepingInterval()).isEqualTo(Duration.ofMinutes(10));
		});
	}

	@Test
	void refusesATtlNoLongerThanTheInProgressTimeout() {
		this.runner.withPropertyValues("platform.idempotency.ttl=1m", "platform.idempotency.in-progress-timeout=1m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ttl must be longer than in-progress-timeout"));
	}

	@Test
	void refusesAZeroBodyCapAndAZeroTtl() {
		this.runner.withPropertyValues("platform.idempotency.max-body-size=0")
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("platform.idempotency.ttl=0s").run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IdempotencyProperties.class)
	static class PropertiesConfiguration {

	}

}
