package com.example.platform.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Each application may use only its own topics and groups (issue 18 item 4), on the real
 * broker with the grants every deployment applies ({@code deploy/config/kafka/acls.txt}).
 * Before them, any authenticated client could write any topic and join any group: the
 * refusals below all succeeded.
 */
class KafkaAclsIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	static Path workDirectory;

	static KafkaBroker kafka;

	@BeforeAll
	static void start() {
		kafka = KafkaBroker.start(workDirectory, false, 0, InfrastructureCredentials.random());
	}

	@AfterAll
	static void stop() {
		kafka.close();
	}

	@ParameterizedTest
	@CsvSource({ "user-service, user-events, order-events", "order-service, order-events, user-events" })
	void eachApplicationDeclaresWritesAndReadsItsOwnTopicsUnderItsOwnGroups(String application, String published,
			String consumed) throws Exception {
		String deadLetters = consumed + ".DLT";
		try (Admin admin = Admin.create(kafka.clientConfig(application, Map.of()))) {
			admin.createTopics(List.of(new NewTopic(published, 3, (short) 1), new NewTopic(deadLetters, 3, (short) 1)))
				.values()
				.forEach((topic, created) -> awaitCreated(created));
		}
		ensureTopic(consumed);
		String value = UUID.randomUUID().toString();
		try (KafkaProducer<String, String> producer = producer(application)) {
			producer.send(new ProducerRecord<>(published, "key", value)).get(10, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>(deadLetters, "key", value)).get(10, TimeUnit.SECONDS);
		}
		publishAsAdmin(consumed, value);

		assertThat(consumeAndCommit(application, application, consumed)).contains(value);
		assertThat(consumeAndCommit(application, application + "-dead-letter-replay", deadLetters)).contains(value);
	}

	@Test
	void userServiceCannotWriteOrderServicesTopicsNorDeclareOne() {
		ensureTopic("order-events");
		ensureTopic("user-events");
		try (KafkaProducer<String, String> producer = producer("user-service")) {
			for (String topic : List.of("order-events", "user-events.DLT")) {
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(
							() -> producer.send(new ProducerRecord<>(topic, "key", "forged")).get(10, TimeUnit.SECONDS))
					.as(topic)
					.withCauseInstanceOf(TopicAuthorizationException.class);
			}
		}
		try (Admin admin = Admin.create(kafka.clientConfig("user-service", Map.of()))) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> admin
					.createTopics(List.of(new NewTopic("someone-elses-" + UUID.randomUUID(), 1, (short) 1)))
					.all()
					.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void userServiceCannotReadWithOrderServicesGroupNorOrderServicesDeadLetters() {
		ensureTopic("order-events");
		ensureTopic("user-events.DLT");
		try (KafkaConsumer<String, String> consumer = consumer("user-service", "order-service")) {
			consumer.subscribe(List.of("order-events"));
			assertThatExceptionOfType(GroupAuthorizationException.class).isThrownBy(() -> pollUntilRefused(consumer));
		}
		try (KafkaConsumer<String, String> consumer = consumer("user-service", "user-service")) {
			consumer.assign(List.of(new TopicPartition("user-events.DLT", 0)));
			assertThatExceptionOfType(TopicAuthorizationException.class).isThrownBy(() -> pollUntilRefused(consumer));
		}
	}

	@Test
	void orderServiceCannotWriteUserServicesTopicNorUseItsGroup() {
		ensureTopic("user-events");
		try (KafkaProducer<String, String> producer = producer("order-service")) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(
					() -> producer.send(new ProducerRecord<>("user-events", "key", "forged")).get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(TopicAuthorizationException.class);
		}
		try (KafkaConsumer<String, String> consumer = consumer("order-service", "user-service")) {
			consumer.subscribe(List.of("user-events"));
			assertThatExceptionOfType(GroupAuthorizationException.class).isThrownBy(() -> pollUntilRefused(consumer));
		}
	}

	@Test
	void theExporterSeesOffsetsButCanNeitherWriteNorRead() throws Exception {
		ensureTopic("order-events");
		try (Admin admin = Admin.create(kafka.clientConfig("exporter", Map.of()))) {
			assertThat(admin.describeTopics(List.of("order-events")).allTopicNames().get(10, TimeUnit.SECONDS))
				.containsKey("order-events");
		}
		// Allowed to write no topic at all, it does not even get a producer id
		// (ClusterAuthorizationException before any topic is asked).
		try (KafkaProducer<String, String> producer = producer("exporter")) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> producer.send(new ProducerRecord<>("order-events", "key", "forged"))
					.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(ClusterAuthorizationException.class);
		}
		try (KafkaConsumer<String, String> consumer = consumer("exporter", "exporter")) {
			consumer.subscribe(List.of("order-events"));
			assertThatExceptionOfType(GroupAuthorizationException.class).isThrownBy(() -> pollUntilRefused(consumer));
		}
	}

	private static void pollUntilRefused(KafkaConsumer<String, String> consumer) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			consumer.poll(Duration.ofMillis(200));
		}
	}

	private static List<String> consumeAndCommit(String user, String group, String topic) {
		try (KafkaConsumer<String, String> consumer = consumer(user, group)) {
			consumer.subscribe(List.of(topic));
			List<String> values = new ArrayList<>();
			await().atMost(TIMEOUT).pollInSameThread().until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
					consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
							new OffsetAndMetadata(record.offset() + 1)));
				}
				return !values.isEmpty();
			});
			return values;
		}
	}

	private static KafkaProducer<String, String> producer(String user) {
		// As the applications' producers: idempotent, every replica acknowledging.
		return new KafkaProducer<>(kafka.clientConfig(user,
				Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
						ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)));
	}

	private static KafkaConsumer<String, String> consumer(String user, String group) {
		Map<String, Object> settings = new HashMap<>();
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		return new KafkaConsumer<>(kafka.clientConfig(user, settings));
	}

	private static void publishAsAdmin(String topic, String value) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				kafka.clientConfig(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
			producer.send(new ProducerRecord<>(topic, "key", value)).get(10, TimeUnit.SECONDS);
		}
	}

	/** Creates a topic as the administrator unless it is there. */
	private static void ensureTopic(String topic) {
		try (Admin admin = Admin.create(kafka.clientConfig(Map.of()))) {
			if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
				awaitCreated(admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all());
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Cannot create " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitCreated(KafkaFuture<Void> created) {
		try {
			created.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException(ex.getCause());
			}
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
