package com.example.platform.messaging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

// Topics declared once ready, as the services do (service-defaults).
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.kafka.admin.auto-create=false")
@WithEmbeddedInfrastructure
class MessagingIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private Outbox outbox;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JsonMapper json;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private MessagingTestApplication.AppliedEvents applied;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private InboxRetention inboxRetention;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@LocalServerPort
	private int port;

	@Test
	void declaresItsDeadLetterTopicWithItsSettingsOnceReady() {
		ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "messaging-it-events.DLT");
		try (AdminClient admin = AdminClient.create(this.kafkaAdmin.getConfigurationProperties())) {
			// Its retention, not the broker's default: declared by TopicDeclaration, not
			// created by a client's first use.
			await().atMost(TIMEOUT)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(
						admin.describeConfigs(List.of(topic)).all().get().get(topic).get("retention.ms").value())
					.isEqualTo(String.valueOf(Duration.ofDays(14).toMillis())));
		}
	}

	@Test
	void forgetsAppliedEventsOnceTheRetentionHasPassed() {
		UUID old = UUID.randomUUID();
		UUID recent = UUID.randomUUID();
		this.jdbc
			.sql("insert into messaging_inbox (event_id, topic, event_type, processed_at) values "
					+ "(:old, 't', 'Old', now() - interval '31 days'), (:recent, 't', 'Recent', now())")
			.param("old", old)
			.param("recent", recent)
			.update();

		assertThat(this.inboxRetention.deleteExpired()).isGreaterThanOrEqualTo(1);

		assertThat(this.jdbc.sql("select event_id from messaging_inbox where event_id in (:ids)")
			.param("ids", List.of(old, recent))
			.query(UUID.class)
			.list()).containsExactly(recent);
	}

	@Test
	void refusesToAppendOutsideATransaction() {
		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.outbox.append("anywhere", event(UUID.randomUUID(), 0, Map.of())));
	}

	// The sweep is 30 s in these tests: delivery within seconds shows the after-commit
	// wake-up at work.
	@Test
	void publishesCommittedEventsInOrderSoonAfterCommitAndNeverRolledBackOnes() {
		String topic = "outbox-it-" + UUID.randomUUID();
		UUID aggregate = UUID.randomUUID();
		List<UUID> committed = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = consumer(topic)) {
			for (int version = 0; version < 20; version++) {
				EventEnvelope<Map<String, Object>> event = event(aggregate, version, Map.of("n", version));
				transaction().executeWithoutResult((status) -> this.outbox.append(topic, event));
				committed.add(event.eventId());
			}
			EventEnvelope<Map<String, Object>> rolledBack = event(aggregate, 99, Map.of());
			transaction().executeWithoutResult((status) -> {
				this.outbox.append(topic, rolledBack);
				status.setRollbackOnly();
			});

			List<ConsumerRecord<String, String>> received = receive(consumer, 20);

			assertThat(received).extracting(ConsumerRecord::key).containsOnly(aggregate.toString());
			assertThat(received).extracting((record) -> eventIdOf(record.value())).containsExactlyElementsOf(committed);
			// The relay marks rows published in its own commit, which can land just after
			// the consumer has the records.
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(unpublished(committed)).isZero());
			assertThat(this.jdbc.sql("select count(*) from messaging_outbox where event_id = :id")
				.param("id", rolledBack.eventId())
				.query(Long.class)
				.single()).isZero();
		}
		assertThat(this.meters.get("messaging.outbox.publish.latency").timer().count()).isPositive();
	}

	@Test
	void publishesNothingWhileAnotherInstanceHoldsTheRelayLockAndEverythingOnceItIsReleased() throws Exception {
		String topic = "outbox-lock-it-" + UUID.randomUUID();
		EventEnvelope<Map<String, Object>> event = event(UUID.randomUUID(), 0, Map.of());
		try (KafkaConsumer<String, String> consumer = consumer(topic);
				Connection otherInstance = this.dataSource.getConnection()) {
			otherInstance.setAutoCommit(false);
			try (Statement statement = otherInstance.createStatement()) {
				statement.execute("select pg_advisory_xact_lock("
						+ MessagingAutoConfiguration.lockKeyOf("messaging-support") + ")");
			}
			transaction().executeWithoutResult((status) -> this.outbox.append(topic, event));

			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(2))
				.until(() -> unpublished(List.of(event.eventId())) == 1);

			otherInstance.rollback();
			assertThat(receive(consumer, 1)).extracting((record) -> eventIdOf(record.value()))
				.containsExactly(event.eventId());
		}
	}

	@Test
	void appliesARedeliveredEventOnlyOnce() {
		EventEnvelope<Map<String, Object>> event = event(UUID.randomUUID(), 0, Map.of());
		String value = this.json.writeValueAsString(event);
		for (int i = 0; i < 3; i++) {
			this.kafka.send(MessagingTestApplication.TOPIC, event.aggregateId().toString(), value).join();
		}
		EventEnvelope<Map<String, Object>> next = event(event.aggregateId(), 1, Map.of());
		this.kafka
			.send(MessagingTestApplication.TOPIC, next.aggregateId().toString(), this.json.writeValueAsString(next))
			.join();

		await().atMost(TIMEOUT).until(() -> this.applied.events.contains(next.eventId().toString()));
		assertThat(this.applied.events).containsOnlyOnce(event.eventId().toString());
	}

	@Test
	void splitsAnAppliedEventsLatencyIntoOutboxKafkaAndApplyStages() {
		EventEnvelope<Map<String, Object>> event = event(UUID.randomUUID(), 0, Map.of());
		Map<String, Long> before = stageCounts();

		this.kafka
			.send(MessagingTestApplication.TOPIC, event.aggregateId().toString(), this.json.writeValueAsString(event))
			.join();

		await().atMost(TIMEOUT).until(() -> this.applied.events.contains(event.eventId().toString()));
		// Recorded after the effect's transaction commits, just after the handler ran.
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(stageCounts()).containsOnlyKeys("outbox", "kafka", "apply")
				.allSatisfy(
						(stage, count) -> assertThat(count).as(stage).isGreaterThan(before.getOrDefault(stage, 0L))));
	}

	private Map<String, Long> stageCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.meters.find("messaging.event.stage")
			.tag("topic", MessagingTestApplication.TOPIC)
			.timers()
			.forEach((timer) -> counts.put(timer.getId().getTag("stage"), timer.count()));
		return counts;
	}

	@Test
	void deadLettersAPoisonMessageAtOnceAndTheItsPartitionKeepsFlowing() {
		String key = UUID.randomUUID().toString();
		String poison = "{ not json " + UUID.randomUUID();
		try (KafkaConsumer<String, String> deadLetters = consumer(MessagingTestApplication.TOPIC + ".DLT")) {
			this.kafka.send(MessagingTestApplication.TOPIC, key, poison).join();
			EventEnvelope<Map<String, Object>> next = event(UUID.fromString(key), 0, Map.of());
			this.kafka.send(MessagingTestApplication.TOPIC, key, this.json.writeValueAsString(next)).join();

			await().atMost(TIMEOUT).until(() -> this.applied.events.contains(next.eventId().toString()));
			ConsumerRecord<String, String> dead = receiveMatching(deadLetters, poison);
			assertThat(dead.key()).isEqualTo(key);
			assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(MessagingTestApplication.TOPIC);
			assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
			assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("not an event envelope");
			assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isNotNull();
		}
	}

	@Test
	void retriesATransientFailureThenDeadLettersItAndReplaysItOnRequest() throws Exception {
		EventEnvelope<Map<String, Object>> failing = event(UUID.randomUUID(), 0, Map.of("fail", true));
		String id = failing.eventId().toString();
		String value = this.json.writeValueAsString(failing);
		try (KafkaConsumer<String, String> deadLetters = consumer(MessagingTestApplication.TOPIC + ".DLT")) {
			this.kafka.send(MessagingTestApplication.TOPIC, failing.aggregateId().toString(), value).join();

			ConsumerRecord<String, String> dead = receiveMatching(deadLetters, value);
			assertThat(this.applied.attempts.stream().filter(id::equals)).hasSize(4);
			assertThat(this.applied.events).doesNotContain(id);
			assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("asked to fail");
		}

		this.applied.healed.add(id);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/admin/dead-letters/replay?topic="
						+ MessagingTestApplication.TOPIC))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(response.body()).get("replayed").asInt()).isPositive();
		await().atMost(TIMEOUT).until(() -> this.applied.events.contains(id));
		assertThat(this.meters.get("messaging.dead.letters").counter().count()).isPositive();
	}

	// Sent at once on one key, so they share a partition and, mostly, a poll: the batch
	// rolls back at the failing record, and neither its neighbours' effects nor the
	// failing record's attempts may be lost or doubled.
	@Test
	void appliesTheRecordsAroundAFailingOneOnceEachAndDeadLettersOnlyIt() {
		UUID aggregate = UUID.randomUUID();
		EventEnvelope<Map<String, Object>> before = event(aggregate, 0, Map.of());
		EventEnvelope<Map<String, Object>> failing = event(aggregate, 1, Map.of("fail", true));
		EventEnvelope<Map<String, Object>> after = event(aggregate, 2, Map.of());
		String failingValue = this.json.writeValueAsString(failing);
		try (KafkaConsumer<String, String> deadLetters = consumer(MessagingTestApplication.TOPIC + ".DLT")) {
			List.of(this.json.writeValueAsString(before), failingValue, this.json.writeValueAsString(after))
				.forEach((value) -> this.kafka.send(MessagingTestApplication.TOPIC, aggregate.toString(), value));
			this.kafka.flush();

			await().atMost(TIMEOUT).until(() -> this.applied.events.contains(after.eventId().toString()));
			receiveMatching(deadLetters, failingValue);
		}
		assertThat(this.applied.events).containsOnlyOnce(before.eventId().toString(), after.eventId().toString())
			.doesNotContain(failing.eventId().toString());
		assertThat(this.applied.attempts.stream().filter(failing.eventId().toString()::equals)).hasSize(4);
		assertThat(this.jdbc.sql("select count(*) from messaging_inbox where event_id in (:ids)")
			.param("ids", List.of(before.eventId(), failing.eventId(), after.eventId()))
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void refusesToReplayATopicItDoesNotConsume() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI
					.create("http://localhost:" + this.port + "/api/admin/dead-letters/replay?topic=someone-elses"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
	}

	private TransactionTemplate transaction() {
		return new TransactionTemplate(this.transactionManager);
	}

	private long unpublished(List<UUID> eventIds) {
		return this.jdbc.sql("select count(*) from messaging_outbox where event_id in (:ids) and published_at is null")
			.param("ids", eventIds)
			.query(Long.class)
			.single();
	}

	private UUID eventIdOf(String value) {
		JsonNode node = this.json.readTree(value);
		return UUID.fromString(node.get("eventId").asString());
	}

	private static EventEnvelope<Map<String, Object>> event(UUID aggregate, long version, Map<String, Object> payload) {
		return EventEnvelope.of("Tested", 1, aggregate, version, Instant.now(), payload);
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static List<ConsumerRecord<String, String>> receive(KafkaConsumer<String, String> consumer, int count) {
		List<ConsumerRecord<String, String>> received = new ArrayList<>();
		await().atMost(TIMEOUT).pollInSameThread().untilAsserted(() -> {
			consumer.poll(Duration.ofMillis(200)).forEach(received::add);
			assertThat(received).hasSizeGreaterThanOrEqualTo(count);
		});
		return received;
	}

	private static ConsumerRecord<String, String> receiveMatching(KafkaConsumer<String, String> consumer,
			String value) {
		List<ConsumerRecord<String, String>> received = new ArrayList<>();
		await().atMost(TIMEOUT).pollInSameThread().untilAsserted(() -> {
			consumer.poll(Duration.ofMillis(200)).forEach(received::add);
			assertThat(received).extracting(ConsumerRecord::value).contains(value);
		});
		return received.stream().filter((record) -> value.equals(record.value())).findFirst().orElseThrow();
	}

	private static KafkaConsumer<String, String> consumer(String topic) {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				SharedInfrastructure.get()
					.kafka()
					.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "messaging-it-" + UUID.randomUUID(),
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
				new StringDeserializer(), new StringDeserializer());
		consumer.subscribe(List.of(topic));
		return consumer;
	}

}
