package com.example.platform.user.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.contracts.EventContracts;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import com.example.platform.user.TestAccounts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@WithEmbeddedInfrastructure
class UserEventsIT {

	@Autowired
	private RestTestClient client;

	@Autowired
	private JsonMapper json;

	@Test
	void publishesRegisteredUpdatedAndDeletedEventsThatMatchTheContract() {
		try (KafkaConsumer<String, String> consumer = consumer()) {
			TestAccounts.Account user = TestAccounts.register(this.client, "Ada");
			String id = user.id().toString();
			this.client.put()
				.uri("/api/users/{id}", id)
				.headers((headers) -> headers.setBearerAuth(user.token()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("email", user.email(), "name", "Ada King", "version", 0))
				.exchangeSuccessfully();
			this.client.delete()
				.uri("/api/users/{id}", id)
				.headers((headers) -> headers.setBearerAuth(user.token()))
				.exchangeSuccessfully();

			List<JsonNode> events = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (id.equals(record.key())) {
						events.add(this.json.readTree(record.value()));
					}
				}
				assertThat(events).hasSize(3);
			});

			assertThat(events).extracting((event) -> event.get("type").asString())
				.containsExactly("UserRegistered", "UserUpdated", "UserDeleted");
			assertThat(events).extracting((event) -> event.get("aggregateVersion").asLong())
				.containsExactly(0L, 1L, 2L);
			assertThat(events).allSatisfy((event) -> {
				assertThat(event.get("aggregateId").asString()).isEqualTo(id);
				assertThat(
						EventContracts.of(event.get("type").asString(), event.get("version").asInt()).violations(event))
					.isEmpty();
			});
			assertThat(events.get(1).get("payload").get("name").asString()).isEqualTo("Ada King");
			// Neither the password nor its hash ever leaves the service.
			assertThat(events).allSatisfy((event) -> assertThat(event.toString()).doesNotContain(TestAccounts.PASSWORD)
				.doesNotContainIgnoringCase("password")
				.doesNotContain("{bcrypt}"));
		}
	}

	private static KafkaConsumer<String, String> consumer() {
		KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				SharedInfrastructure.get()
					.kafka()
					.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "user-events-it-" + UUID.randomUUID(),
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
				new StringDeserializer(), new StringDeserializer());
		consumer.subscribe(List.of("user-events"));
		return consumer;
	}

}
