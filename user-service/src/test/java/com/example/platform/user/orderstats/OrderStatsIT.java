package com.example.platform.user.orderstats;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.example.platform.contracts.EventContracts;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import com.example.platform.user.TestAccounts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithEmbeddedInfrastructure
class OrderStatsIT {

	private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(30);

	private static KafkaProducer<String, String> producer;

	private final Map<UUID, String> tokens = new ConcurrentHashMap<>();

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@BeforeAll
	static void startProducer() {
		producer = new KafkaProducer<>(SharedInfrastructure.get()
			.kafka()
			.clientConfig(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
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
		assertThat(totalSpent(user)).isEqualByComparingTo("12.50");
	}

	@Test
	void addsUpAHundredOrdersAtTheLargestTotalWithoutDeadLetteringAny() {
		UUID user = registerUser();
		// order-service's largest total (numeric(12, 2)): 101 of them overflowed
		// total_spent numeric(14, 2), and the 101st event was dead-lettered forever.
		String largest = "9999999999.99";
		List<UUID> events = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			UUID order = UUID.randomUUID();
			UUID event = UUID.randomUUID();
			events.add(event);
			publish(order, orderPlaced(event, order, user).replace("\"total\": 12.50", "\"total\": " + largest));
		}
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			assertThat(processed(events.toArray(UUID[]::new))).isEqualTo(101);
			assertThat(orderCount(user)).isEqualTo(101);
		});
		assertThat(totalSpent(user)).isEqualByComparingTo(new BigDecimal(largest).multiply(BigDecimal.valueOf(101)));
	}

	@Test
	void deadLettersMalformedEventsIgnoresUnknownTypesAndKeepsConsuming() {
		UUID user = registerUser();
		UUID order = UUID.randomUUID();
		String poison = "{ this is not json " + UUID.randomUUID();

		try (KafkaConsumer<String, String> deadLetters = deadLetterConsumer()) {
			publish(order, poison);
			publish(order, """
					{"eventId": "%s", "type": "OrderShipped", "version": 1, "aggregateId": "%s",
					 "aggregateVersion": 2, "occurredAt": "2026-01-01T00:00:00Z", "payload": {}}"""
				.formatted(UUID.randomUUID(), order));
			publish(order, orderPlaced(UUID.randomUUID(), order, UUID.randomUUID()));
			publish(UUID.randomUUID(), orderPlaced(UUID.randomUUID(), UUID.randomUUID(), user));

			await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(orderCount(user)).isEqualTo(1));
			List<String> dead = new ArrayList<>();
			await().atMost(PROCESSING_TIMEOUT).pollInSameThread().untilAsserted(() -> {
				deadLetters.poll(Duration.ofMillis(200)).forEach((record) -> dead.add(record.value()));
				assertThat(dead).contains(poison);
			});
		}
	}

	// A cancellation that overtakes its placement (a replay, a producer retry) marks the
	// order cancelled; the late placement is older and changes nothing. Naively the
	// count would end at 1.
	@Test
	void cancellationOvertakingItsPlacementLeavesTheOrderUncounted() {
		UUID user = registerUser();
		UUID order = UUID.randomUUID();
		UUID cancelled = UUID.randomUUID();
		UUID placed = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		UUID otherPlaced = UUID.randomUUID();

		publish(order, orderCancelled(cancelled, order, user));
		publish(order, orderPlaced(placed, order, user));
		publish(other, orderPlaced(otherPlaced, other, user));

		await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
			assertThat(processed(cancelled, placed, otherPlaced)).isEqualTo(3);
			assertThat(orderCount(user)).isEqualTo(1);
		});
		assertThat(totalSpent(user)).isEqualByComparingTo("12.50");
	}

	// The consumer is fed the order-events contract's own examples, with this test's ids.
	@Test
	void appliesTheContractExamples() {
		UUID user = registerUser();
		UUID order = UUID.randomUUID();
		UUID second = UUID.randomUUID();

		publish(order, example("OrderPlaced", order, user));
		publish(second, example("OrderPlaced", second, user));
		publish(second, example("OrderCancelled", second, user));

		await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
			assertThat(orderCount(user)).isEqualTo(1);
			assertThat(totalSpent(user)).isEqualByComparingTo("59.98");
		});
	}

	private String example(String type, UUID order, UUID user) {
		ObjectNode event = (ObjectNode) this.json.readTree(EventContracts.of(type, 1).example());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("aggregateId", order.toString());
		((ObjectNode) event.get("payload")).put("orderId", order.toString()).put("userId", user.toString());
		return this.json.writeValueAsString(event);
	}

	private BigDecimal totalSpent(UUID user) {
		Object total = this.client.get()
			.uri("/api/users/{id}", user)
			.headers((headers) -> headers.setBearerAuth(this.tokens.get(user)))
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("totalSpent");
		return new BigDecimal(total.toString());
	}

	private static KafkaConsumer<String, String> deadLetterConsumer() {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				SharedInfrastructure.get()
					.kafka()
					.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "order-count-it-" + UUID.randomUUID(),
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
				new StringDeserializer(), new StringDeserializer());
		consumer.subscribe(List.of("order-events.DLT"));
		return consumer;
	}

	private UUID registerUser() {
		TestAccounts.Account account = TestAccounts.register(this.client, "Buyer");
		this.tokens.put(account.id(), account.token());
		return account.id();
	}

	private long orderCount(UUID user) {
		Number count = (Number) this.client.get()
			.uri("/api/users/{id}", user)
			.headers((headers) -> headers.setBearerAuth(this.tokens.get(user)))
			.exchangeSuccessfully()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("orderCount");
		return count.longValue();
	}

	private long processed(UUID... eventIds) {
		return this.jdbc.sql("select count(*) from messaging_inbox where event_id in (:ids)")
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
