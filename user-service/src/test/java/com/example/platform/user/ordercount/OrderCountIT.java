package com.example.platform.user.ordercount;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithEmbeddedInfrastructure
class OrderCountIT {

	private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(30);

	private static KafkaProducer<String, String> producer;

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@BeforeAll
	static void startProducer() {
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.get().kafka().bootstrapServers(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
				StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
	}

	@AfterAll
	static void stopProducer() {
		producer.close();
	}

	@Test
	void countsPlacedOrdersOnceAndUncountsCancelledOnes() {
		UUID user = registerUser();
		UUID firstOrder = UUID.randomUUID();
		UUID secondOrder = UUID.randomUUID();
		UUID placedFirst = UUID.randomUUID();
		UUID placedSecond = UUID.randomUUID();
		UUID cancelledFirst = UUID.randomUUID();

		publish(firstOrder, orderPlaced(placedFirst, firstOrder, user));
		publish(firstOrder, orderPlaced(placedFirst, firstOrder, user));
		publish(secondOrder, orderPlaced(placedSecond, secondOrder, user));
		publish(firstOrder, orderCancelled(cancelledFirst, firstOrder, user));

		// Both copies of the first event precede its cancellation in the order's
		// partition,
		// so once the cancellation is processed the duplicate has been seen too: a count
		// of 2 - 1 = 1 proves it was not applied twice (naively it would be 3 - 1 = 2).
		await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
			assertThat(processed(placedSecond, cancelledFirst)).isEqualTo(2);
			assertThat(orderCount(user)).isEqualTo(1);
		});
		assertThat(processed(placedFirst)).isEqualTo(1);
	}

	@Test
	void skipsMalformedEventsAndKeepsConsuming() {
		UUID user = registerUser();
		UUID order = UUID.randomUUID();

		publish(order, "{ this is not json");
		publish(order, """
				{"eventId": "%s", "type": "OrderShipped", "version": 1, "aggregateId": "%s",
				 "aggregateVersion": 2, "occurredAt": "2026-01-01T00:00:00Z", "payload": {}}"""
			.formatted(UUID.randomUUID(), order));
		publish(order, orderPlaced(UUID.randomUUID(), order, UUID.randomUUID()));
		publish(order, orderPlaced(UUID.randomUUID(), order, user));

		await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(orderCount(user)).isEqualTo(1));
	}

	@Test
	void neverCountsBelowZero() {
		UUID user = registerUser();
		UUID order = UUID.randomUUID();
		UUID cancelled = UUID.randomUUID();
		UUID placed = UUID.randomUUID();

		publish(order, orderCancelled(cancelled, order, user));
		publish(order, orderPlaced(placed, order, user));

		await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
			assertThat(processed(cancelled, placed)).isEqualTo(2);
			assertThat(orderCount(user)).isEqualTo(1);
		});
	}

	private UUID registerUser() {
		String id = this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", "orders-" + UUID.randomUUID() + "@example.com", "name", "Buyer"))
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.toString();
		return UUID.fromString(id);
	}

	private long orderCount(UUID user) {
		Number count = (Number) this.client.get()
			.uri("/api/users/{id}", user)
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("orderCount");
		return count.longValue();
	}

	private long processed(UUID... eventIds) {
		return this.jdbc.sql("select count(*) from processed_events where event_id in (:ids)")
			.param("ids", List.of(eventIds))
			.query(Long.class)
			.single();
	}

	private static void publish(UUID orderId, String value) {
		try {
			producer.send(new ProducerRecord<>("order-events", orderId.toString(), value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish to order-events", ex);
		}
	}

	private static String orderPlaced(UUID eventId, UUID orderId, UUID userId) {
		return """
				{"eventId": "%s", "type": "OrderPlaced", "version": 1, "aggregateId": "%s", "aggregateVersion": 1,
				 "occurredAt": "2026-01-01T00:00:00Z",
				 "payload": {"orderId": "%s", "userId": "%s", "total": 12.50, "itemCount": 2}}""".formatted(eventId,
				orderId, orderId, userId);
	}

	private static String orderCancelled(UUID eventId, UUID orderId, UUID userId) {
		return """
				{"eventId": "%s", "type": "OrderCancelled", "version": 1, "aggregateId": "%s", "aggregateVersion": 2,
				 "occurredAt": "2026-01-01T00:00:01Z", "payload": {"orderId": "%s", "userId": "%s"}}"""
			.formatted(eventId, orderId, orderId, userId);
	}

}
