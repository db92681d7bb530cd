package com.example.platform.gateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformGatewayPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void defaultsToTheDocumentedLimits() {
		this.contexts.run((context) -> {
			PlatformGatewayProperties gateway = context.getBean(PlatformGatewayProperties.class);
			assertThat(gateway.maxRequestSize()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(gateway.rateLimit().tokenEndpoint()).isEqualTo(new PlatformGatewayProperties.Limit(5, 20));
			assertThat(gateway.rateLimit().perUser()).isEqualTo(new PlatformGatewayProperties.Limit(200, 400));
			assertThat(gateway.rateLimit().trustedProxies()).isZero();
			assertThat(gateway.rateLimit().lease())
				.isEqualTo(new PlatformGatewayProperties.Lease(20, Duration.ofSeconds(1)));
			assertThat(gateway.rateLimit().lease().tokensFrom(gateway.rateLimit().perUser())).isEqualTo(20);
			assertThat(gateway.rateLimit().lease().tokensFrom(gateway.rateLimit().tokenEndpoint())).isEqualTo(1);
			assertThat(gateway.cors().allowedOrigins()).containsExactly("http://localhost:3000");
			assertThat(gateway.cors().allowedMethods()).containsExactly("GET", "POST", "PUT", "DELETE");
			assertThat(gateway.cors().allowedHeaders()).containsExactly("Authorization", "Content-Type",
					"Idempotency-Key", "Consistency", "X-Consistency-Token");
		});
	}

	@Test
	void refusesAWildcardOrigin() {
		this.contexts.withPropertyValues("platform.gateway.cors.allowed-origins=*")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesABurstBelowTheReplenishRate() {
		this.contexts
			.withPropertyValues("platform.gateway.rate-limit.per-user.replenish-rate=10",
					"platform.gateway.rate-limit.per-user.burst-capacity=5")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesALeaseThatNeverExpiresOrTakesNoToken() {
		this.contexts.withPropertyValues("platform.gateway.rate-limit.lease.duration=0s")
			.run((context) -> assertThat(context).hasFailed());
		this.contexts.withPropertyValues("platform.gateway.rate-limit.lease.max-tokens=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void refusesAnEmptyRequestSizeLimit() {
		this.contexts.withPropertyValues("platform.gateway.max-request-size=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PlatformGatewayProperties.class)
	static class Config {

	}

}
