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
			assertThat(properties.ownerTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.housekeepingInterval()).isEqualTo(Duration.ofMinutes(10));
		});
	}

	// Below a second the heartbeat (a third of it) would keep the session busy.
	@Test
	void refusesAnOwnerTimeoutBelowOneSecond() {
		this.runner.withPropertyValues("platform.idempotency.owner-timeout=500ms")
			.run((context) -> assertThat(context).hasFailed());
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
