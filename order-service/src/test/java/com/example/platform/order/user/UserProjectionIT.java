package com.example.platform.order.user;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.example.platform.contracts.EventContracts;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Feeds the user-events contract's examples, with fresh ids, to the real listener through
 * the real broker.
 */
// This test never calls user-service; the secret only has to be there, as in every
// deployment.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "order.user-service.client-secret=unused-in-this-test")
@WithEmbeddedInfrastructure
class UserProjectionIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static KafkaProducer<String, String> producer;

	@Autowired
	private UserProjection projection;

	@Autowired
	private JsonMapper json;

	@Autowired
	private JdbcClient jdbc;

	@LocalManagementPort
	private int managementPort;

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
	void followsAUserThroughRegistrationUpdateAndDeletion() {
		UUID user = UUID.randomUUID();

		publish(user, event("UserRegistered", user, 0, "Ada Lovelace"));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.projection.find(user)).hasValueSatisfying((p) -> {
			assertThat(p.isActive()).isTrue();
			assertThat(p.name()).isEqualTo("Ada Lovelace");
		}));

		publish(user, event("UserUpdated", user, 1, "Ada King"));
		publish(user, event("UserDeleted", user, 2, null));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.projection.find(user)).hasValueSatisfying((p) -> {
			assertThat(p.status()).isEqualTo(ProjectedUser.Status.DELETED);
			assertThat(p.version()).isEqualTo(2);
		}));
	}

	@Test
	void erasesTheOrdersOfADeletedUserAndNoOneElses() {
		UUID user = UUID.randomUUID();
		UUID bystander = UUID.randomUUID();
		insertOrder(user);
		insertOrder(user);
		UUID kept = insertOrder(bystander);

		publish(user, event("UserRegistered", user, 0, "Ada Lovelace"));
		publish(user, event("UserDeleted", user, 1, null));

		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ordersOf(user)).isZero());
		assertThat(this.jdbc.sql("select count(*) from order_items where order_id not in (select id from orders)")
			.query(Long.class)
			.single()).isZero();
		assertThat(ordersOf(bystander)).isOne();
		assertThat(this.jdbc.sql("select count(*) from orders where id = :id")
			.param("id", kept)
			.query(Long.class)
			.single()).isOne();
	}

	private UUID insertOrder(UUID user) {
		UUID order = UUID.randomUUID();
		this.jdbc
			.sql("insert into orders (id, user_id, status, total, created_at, version)"
					+ " values (:id, :user, 'PLACED', 10.00, now(), 0)")
			.param("id", order)
			.param("user", user)
			.update();
		this.jdbc
			.sql("insert into order_items (order_id, line_no, sku, quantity, unit_price)"
					+ " values (:id, 1, 'SKU-1', 1, 10.00)")
			.param("id", order)
			.update();
		return order;
	}

	private long ordersOf(UUID user) {
		return this.jdbc.sql("select count(*) from orders where user_id = :user")
			.param("user", user)
			.query(Long.class)
			.single();
	}

	// Naively applying each event as it comes would end with the stale update's name and
	// an active user.
	@Test
	void ignoresDuplicatesAndOlderVersionsArrivingLate() {
		UUID user = UUID.randomUUID();
		String registered = event("UserRegistered", user, 0, "First");
		String renamed = event("UserUpdated", user, 1, "Second");
		String deleted = event("UserDeleted", user, 2, null);

		publish(user, deleted);
		publish(user, renamed);
		publish(user, registered);
		publish(user, deleted);
		publish(user, renamed);
		String marker = event("UserRegistered", UUID.randomUUID(), 0, "Marker");
		publish(user, marker);

		await().atMost(TIMEOUT).until(() -> processed(eventIdOf(marker)));
		assertThat(this.projection.find(user)).hasValueSatisfying((p) -> {
			assertThat(p.status()).isEqualTo(ProjectedUser.Status.DELETED);
			assertThat(p.version()).isEqualTo(2);
		});
		assertThat(processed(eventIdOf(registered))).isTrue();
	}

	@Test
	void exposesOutboxConsumerLagAndLatencyMetrics() {
		UUID user = UUID.randomUUID();
		publish(user, event("UserRegistered", user, 0, "Metered"));
		await().atMost(TIMEOUT).until(() -> this.projection.find(user).isPresent());

		String metrics = RestClient.create()
			.get()
			.uri(URI.create("http://localhost:" + this.managementPort + "/actuator/prometheus"))
			.retrieve()
			.body(String.class);

		assertThat(metrics).contains("messaging_outbox_backlog_events", "messaging_outbox_oldest_age_seconds",
				"messaging_outbox_publish_failures_total", "messaging_event_latency_seconds_bucket",
				"kafka_consumer_fetch_manager_records_lag_max{");
	}

	private boolean processed(UUID eventId) {
		return this.jdbc.sql("select count(*) from messaging_inbox where event_id = :id")
			.param("id", eventId)
			.query(Long.class)
			.single() == 1;
	}

	private UUID eventIdOf(String event) {
		return UUID.fromString(this.json.readTree(event).get("eventId").asString());
	}

	// The contract's example with this test's ids, so the consumer is fed exactly the
	// documented shape.
	private String event(String type, UUID user, long version, String name) {
		ObjectNode event = (ObjectNode) this.json.readTree(EventContracts.of(type, 1).example());
		event.put("eventId", UUID.randomUUID().toString());
		event.put("aggregateId", user.toString());
		event.put("aggregateVersion", version);
		ObjectNode payload = (ObjectNode) event.get("payload");
		payload.put("userId", user.toString());
		if (name != null) {
			payload.put("name", name);
		}
		String json = this.json.writeValueAsString(event);
		assertThat(EventContracts.of(type, 1).violations(json)).isEmpty();
		return json;
	}

	private static void publish(UUID key, String value) {
		try {
			producer.send(new ProducerRecord<>("user-events", key.toString(), value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish to user-events", ex);
		}
	}

}
