package com.example.platform.faults;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FaultPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void isOffWithoutFaultsByDefault() {
		this.runner.run((context) -> {
			FaultProperties properties = context.getBean(FaultProperties.class);
			assertThat(properties.enabled()).isFalse();
			assertThat(properties.maxLatency()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.initial()).isEqualTo(Faults.NONE);
			assertThat(properties.warmUp()).isZero();
		});
	}

	@Test
	void startsWithTheConfiguredFaultsAndDefaultsForTheRest() {
		this.runner.withPropertyValues("platform.faults.initial.latency=2s").run((context) -> {
			Faults initial = context.getBean(FaultProperties.class).initial();
			assertThat(initial.latency()).isEqualTo(Duration.ofSeconds(2));
			assertThat(initial.errorRate()).isZero();
			assertThat(initial.errorStatus()).isEqualTo(503);
			assertThat(initial.pathPattern()).isEqualTo("/api/**");
		});
	}

	@Test
	void refusesAnInitialErrorRateAboveOne() {
		this.runner.withPropertyValues("platform.faults.initial.error-rate=2")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesAWarmUpLongerThanTheLongestLatency() {
		this.runner.withPropertyValues("platform.faults.warm-up=31s").run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("platform.faults.warm-up=30s")
			.run((context) -> assertThat(context.getBean(FaultProperties.class).warmUp())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(FaultProperties.class)
	static class PropertiesConfiguration {

	}

}
