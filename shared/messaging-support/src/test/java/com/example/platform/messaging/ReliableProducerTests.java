package com.example.platform.messaging;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ReliableProducerTests {

	private final MessagingAutoConfiguration configuration = new MessagingAutoConfiguration(
			new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));

	@Test
	void waitsForEveryReplicaNeverDuplicatesAndDoesNotLinger() {
		DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));

		this.configuration.reliableProducer().customize(factory);

		assertThat(factory.getConfigurationProperties()).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0);
	}

	@Test
	void keepsAConfiguredLinger() {
		DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(Map
			.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092", ProducerConfig.LINGER_MS_CONFIG, "20"));

		this.configuration.reliableProducer().customize(factory);

		assertThat(factory.getConfigurationProperties()).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
	}

}
