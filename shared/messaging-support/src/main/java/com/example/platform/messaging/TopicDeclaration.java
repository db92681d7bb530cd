package com.example.platform.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the service's topics (the one it publishes to, its dead-letter topics) once
 * the application is ready, on a thread of its own, where {@code spring.kafka.admin
 * .auto-create=false} (service-defaults) keeps Spring Kafka from doing it during startup:
 * connecting, describing and creating took 0.8 s of user-service's 6.3 s start
 * (docs/performance.md), and nothing needs the topics that early. A listener whose topic
 * does not exist yet waits for it to appear, and the outbox relay retries a batch until
 * its topic exists.
 */
final class TopicDeclaration implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(TopicDeclaration.class);

	private final KafkaAdmin admin;

	TopicDeclaration(KafkaAdmin admin) {
		this.admin = admin;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Thread.ofVirtual().name("kafka-topic-declaration").start(this::declare);
	}

	private void declare() {
		if (!this.admin.initialize()) {
			log.warn("Could not declare the Kafka topics: the relay and the listeners wait until they exist");
		}
	}

}
