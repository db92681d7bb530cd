package com.example.platform.user.orderstats;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import com.example.platform.contracts.EventContracts;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.TopicFeed;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import com.example.platform.user.TestAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

	private static TopicFeed orderEvents;

	private final Map<UUID, String> tokens = new ConcurrentHashMap<>();

	@Autowired
	private RestTestClient client;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void startProducer() {
		orderEvents = TopicFeed.to("order-events");
	}

	@AfterAll
	static void stopProducer() {
		orderEvents.close();
	}

	@Test
	void countsPlacedOrdersOnceAndUncountsCancelledOnes() {
		UUID user = registerUser();
		UUID firstOrder = UUID.randomUUID();
		UUID secondOrder = UUID.randomUUID();
		UUID placedFirst = UUID.randomUUID();
		UUID placedSecond = UUID.randomUUID();
		UUID cancelledFirst = UUID.randomUUID();

		orderEvents.publish(firstOrder, orderPlaced(placedFirst, firstOrder, user));
		orderEvents.publish(firstOrder, orderPlaced(placedFirst, firstOrder, user));
		orderEvents.publish(secondOrder, orderPlaced(placedSecond, secondOrder, user));
		orderEvents.publish(firstOrder, orderCancelled(cancelledFirst, firstOrder, user));

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
			orderEvents.publish(order,
					orderPlaced(event, order, user).replace("\"total\": 12.50", "\"total\": " + largest));
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
			orderEvents.publish(order, poison);
			orderEvents.publish(order, """
					{"eventId": "%s", "type": "OrderShipped", "version": 1, "aggregateId": "%s",
					 "aggregateVersion": 2, "occurredAt": "2026-01-01T00:00:00Z", "payload": {}}"""
				.formatted(UUID.randomUUID(), order));
			orderEvents.publish(order, orderPlaced(UUID.randomUUID(), order, UUID.randomUUID()));
			orderEvents.publish(UUID.randomUUID(), orderPlaced(UUID.randomUUID(), UUID.randomUUID(), user));

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

		orderEvents.publish(order, orderCancelled(cancelled, order, user));
		orderEvents.publish(order, orderPlaced(placed, order, user));
		orderEvents.publish(other, orderPlaced(otherPlaced, other, user));

		await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> {
			assertThat(processed(cancelled, placed, otherPlaced)).isEqualTo(3);
			assertThat(orderCount(user)).isEqualTo(1);
		});
		assertThat(totalSpent(user)).isEqualByComparingTo("12.50");
	}

	// One consumer per partition, each applying its poll as one transaction that adds up
	// several users' figures: were the users written in the order each batch met them,
	// two batches would lock two users in opposite orders, PostgreSQL would break the
	// deadlock by rolling one back, and the inbox would count the rollback.
	@Test
	void appliesBatchesOfManyUsersOrdersSideBySideWithoutRollingAnyBack() {
		List<UUID> users = IntStream.range(0, 6).mapToObj((i) -> registerUser()).toList();
		double rollbacksBefore = rollbacks();
		List<UUID> events = new ArrayList<>();
		List<Map.Entry<UUID, String>> records = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			UUID order = UUID.randomUUID();
			UUID event = UUID.randomUUID();
			events.add(event);
			records.add(Map.entry(order, orderPlaced(event, order, users.get(i % users.size()))));
		}
		orderEvents.publishAll(records);

		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(processed(events.toArray(UUID[]::new))).isEqualTo(600));
		assertThat(users).allSatisfy((user) -> assertThat(orderCount(user)).isEqualTo(100));
		assertThat(rollbacks()).isEqualTo(rollbacksBefore);
	}

	private double rollbacks() {
		return this.meters.get("messaging.inbox.rollbacks").counter().count();
	}

	// The consumer is fed the order-events contract's own examples, with this test's ids.
	@Test
	void appliesTheContractExamples() {
		UUID user = registerUser();
		UUID order = UUID.randomUUID();
		UUID second = UUID.randomUUID();

		orderEvents.publish(order, example("OrderPlaced", order, user));
		orderEvents.publish(second, example("OrderPlaced", second, user));
		orderEvents.publish(second, example("OrderCancelled", second, user));

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
