package com.example.platform.defaults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceDefaultsEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void suppliesTheSharedSettings() {
		postProcess();

		assertThat(this.environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,prometheus");
		assertThat(this.environment.getProperty("eureka.instance.lease-renewal-interval-in-seconds")).isEqualTo("2");
		assertThat(this.environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
		assertThat(this.environment.getProperty("platform.topics.orders")).isEqualTo("order-events");
	}

	@Test
	void yieldsToTheApplicationsOwnSettings() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("applicationConfig",
					Map.of("management.tracing.sampling.probability", "1.0")));

		postProcess();

		assertThat(this.environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
		assertThat(this.environment.getPropertySources()
			.stream()
			.reduce((first, second) -> second)
			.orElseThrow()
			.getName()).isEqualTo(ServiceDefaultsEnvironmentPostProcessor.NAME);
	}

	@Test
	void resolvesPlaceholdersAgainstTheApplication() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("app",
					Map.of("spring.application.name", "user-service", "server.port", 8081)));

		postProcess();

		assertThat(this.environment.getProperty("management.metrics.tags.instance")).isEqualTo("user-service:8081");
	}

	@Test
	void authenticatesToKafkaWithTheUserAndPasswordTheDeploymentGives() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("deployment",
					Map.of("KAFKA_USERNAME", "user-service", "KAFKA_PASSWORD", "0123456789abcdef")));

		postProcess();

		assertThat(this.environment.getProperty("spring.kafka.security.protocol")).isEqualTo("SASL_PLAINTEXT");
		assertThat(this.environment.getProperty("spring.kafka.properties[sasl.mechanism]")).isEqualTo("SCRAM-SHA-512");
		assertThat(this.environment.getProperty("spring.kafka.properties[sasl.jaas.config]"))
			.isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required"
					+ " username=\"user-service\" password=\"0123456789abcdef\";");
		// A consumer asking to create the topic it reads would be refused, stopping its
		// listener, and a refusal would stop it for good without retries.
		assertThat(this.environment.getProperty("spring.kafka.consumer.properties[allow.auto.create.topics]"))
			.isEqualTo("false");
		assertThat(this.environment.getProperty("spring.kafka.listener.auth-exception-retry-interval"))
			.isEqualTo("10s");
	}

	@Test
	void letsTheGroupDropACrashedInstancesConsumersWithinTenSeconds() {
		postProcess();

		// Kafka's default (45 s) held every rebalance, and the close of a consumer still
		// joining, until a killed instance's consumers expired.
		assertThat(this.environment.getProperty("spring.kafka.consumer.properties[session.timeout.ms]"))
			.isEqualTo("10000");
	}

	@Test
	void addsTheDefaultsOnce() {
		postProcess();
		postProcess();

		assertThat(this.environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName().equals(ServiceDefaultsEnvironmentPostProcessor.NAME))).hasSize(1);
	}

	private void postProcess() {
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(this.environment, new SpringApplication());
	}

}
