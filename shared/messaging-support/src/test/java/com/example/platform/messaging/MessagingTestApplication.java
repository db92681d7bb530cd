package com.example.platform.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@SpringBootApplication
class MessagingTestApplication {

	static final String TOPIC = "messaging-it-events";

	@Bean
	AppliedEvents appliedEvents() {
		return new AppliedEvents();
	}

	/**
	 * A consumer of the test topic: fails on payloads that ask for it, so retries and
	 * dead letters can be observed.
	 */
	@Component
	static class TestListener {

		private final Inbox inbox;

		private final AppliedEvents applied;

		private final Tracer tracer;

		TestListener(Inbox inbox, AppliedEvents applied, Tracer tracer) {
			this.inbox = inbox;
			this.applied = applied;
			this.tracer = tracer;
		}

		@KafkaListener(topics = TOPIC, batch = "true")
		void on(List<ConsumerRecord<String, String>> records) {
			this.inbox.processAll(records, (event) -> {
				Span span = this.tracer.currentSpan();
				if (span != null) {
					this.applied.traceIds.put(event.eventId().toString(), span.context().traceId());
				}
				JsonNode payload = event.payload();
				this.applied.attempts.add(event.eventId().toString());
				if (payload.path("fail").asBoolean(false)
						&& !this.applied.healed.contains(event.eventId().toString())) {
					throw new IllegalStateException("asked to fail");
				}
				// An effect counts once its transaction commits: a batch that rolls back
				// for a later record's failure applies this one again.
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

					@Override
					public void afterCommit() {
						TestListener.this.applied.events.add(event.eventId().toString());
					}

				});
			});
		}

	}

	static class AppliedEvents {

		final List<String> events = new CopyOnWriteArrayList<>();

		final List<String> attempts = new CopyOnWriteArrayList<>();

		// The trace each event was applied in, by event id.
		final Map<String, String> traceIds = new ConcurrentHashMap<>();

		// Events asked to fail that no longer do, by event id.
		final Set<String> healed = ConcurrentHashMap.newKeySet();

	}

}
