package com.example.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// The same context as MessagingIT, so it is started once.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithEmbeddedInfrastructure
class OutboxTracingIT {

	@Autowired
	private Outbox outbox;

	@Autowired
	private Tracer tracer;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MessagingTestApplication.AppliedEvents applied;

	// The relay sends on its own thread, long after the request's span has ended: the
	// consumer continues the request's trace only because the append stored it.
	@Test
	void consumerContinuesTheTraceOfTheTransactionThatAppendedTheEvent() {
		EventEnvelope<Map<String, Object>> event = EventEnvelope.of("Tested", 1, UUID.randomUUID(), 0, Instant.now(),
				Map.of());
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			new TransactionTemplate(this.transactionManager)
				.executeWithoutResult((status) -> this.outbox.append(MessagingTestApplication.TOPIC, event));
		}
		finally {
			request.end();
		}
		String traceId = request.context().traceId();

		assertThat(storedTraceparent(event)).startsWith("00-" + traceId + "-" + request.context().spanId() + "-");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.applied.traceIds).containsEntry(event.eventId().toString(), traceId));
	}

	@Test
	void eventsAppendedOutsideATraceAreStoredWithoutOne() {
		EventEnvelope<Map<String, Object>> event = EventEnvelope.of("Tested", 1, UUID.randomUUID(), 0, Instant.now(),
				Map.of());

		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> this.outbox.append(MessagingTestApplication.TOPIC, event));

		assertThat(storedTraceparent(event)).isNull();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.applied.events).contains(event.eventId().toString()));
	}

	private String storedTraceparent(EventEnvelope<?> event) {
		return this.jdbc.sql("select traceparent from messaging_outbox where event_id = :id")
			.param("id", event.eventId())
			.query(String.class)
			.optional()
			.orElse(null);
	}

}
