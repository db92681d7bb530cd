package com.example.platform.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmbeddedInfrastructureIT {

	@TempDir
	static Path workDirectory;

	static EmbeddedInfrastructure infrastructure;

	@BeforeAll
	static void start() {
		infrastructure = EmbeddedInfrastructure.start(InfrastructureSettings.ephemeral(workDirectory));
	}

	@AfterAll
	static void stop() {
		infrastructure.close();
	}

	@Test
	void givesEachServiceItsOwnDatabaseAndRole() throws SQLException {
		DatabaseAccess access = infrastructure.postgres().createDatabase("inventory", "secret");
		try (Connection connection = DriverManager.getConnection(access.jdbcUrl(), access.username(),
				access.password()); Statement statement = connection.createStatement()) {
			ResultSet result = statement.executeQuery("select current_user, current_database(), version()");
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).isEqualTo("inventory");
			assertThat(result.getString(2)).isEqualTo("inventory");
			assertThat(result.getString(3)).startsWith("PostgreSQL 17");
		}
		assertThatExceptionOfType(SQLException.class).isThrownBy(
				() -> DriverManager.getConnection(access.jdbcUrl(), access.username(), "wrong-password").close());
	}

	@Test
	void creatingADatabaseTwiceKeepsItsData() throws SQLException {
		DatabaseAccess first = infrastructure.postgres().createDatabase("ledger", "one");
		try (Connection connection = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
				Statement statement = connection.createStatement()) {
			statement.execute("create table entries (id int)");
			statement.execute("insert into entries values (42)");
		}
		DatabaseAccess second = infrastructure.postgres().createDatabase("ledger", "two");
		try (Connection connection = DriverManager.getConnection(second.jdbcUrl(), second.username(),
				second.password()); Statement statement = connection.createStatement()) {
			ResultSet result = statement.executeQuery("select id from entries");
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(42);
		}
	}

	@Test
	void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> infrastructure.postgres().createDatabase("x; drop database postgres", "pw"));
	}

	@Test
	void kafkaKeepsRecordsAcrossABrokerRestart() {
		KafkaBroker kafka = infrastructure.kafka();
		send(kafka, "restart-test", "before");
		kafka.stop();
		kafka.start();
		send(kafka, "restart-test", "after");
		assertThat(readAll(kafka, "restart-test", 2)).containsExactly("before", "after");
	}

	@Test
	void redisAnswersAndCanBeTakenAwayAndBack() throws IOException {
		RedisServer redis = infrastructure.redis();
		assertThat(ping(redis)).containsExactly("+OK", "+PONG");
		redis.stop();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ping(redis));
		redis.start();
		assertThat(ping(redis)).containsExactly("+OK", "+PONG");
	}

	private static void send(KafkaBroker kafka, String topic, String value) {
		Map<String, Object> config = new HashMap<>(kafka.clientSecurity());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "key", value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> readAll(KafkaBroker kafka, String topic, int expected) {
		Map<String, Object> config = new HashMap<>(kafka.clientSecurity());
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-test-reader");
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.size() < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					values.add(record.value());
				}
			}
		}
		return values;
	}

	private static List<String> ping(RedisServer redis) throws IOException {
		return RedisInline.exchange(redis.host(), redis.port(), "AUTH " + redis.username() + " " + redis.password(),
				"PING");
	}

}
