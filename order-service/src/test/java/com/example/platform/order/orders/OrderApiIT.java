package com.example.platform.order.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.contracts.EventContracts;
import com.example.platform.order.orders.OrdersClient.Response;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.example.platform.order.orders.OrdersClient.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// A read timeout well below the stand-in's slow answer, so the timeout test is quick. The
// failure tests here would open the circuit breaker for whichever tests run next, in an
// order JUnit does not promise: it is kept closed here and proven in
// UserServiceResilienceIT.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "order.user-service.read-timeout=500ms",
				"resilience4j.circuitbreaker.instances.user-service.sliding-window-size=1000",
				"resilience4j.circuitbreaker.instances.user-service.minimum-number-of-calls=1000" })
@WithEmbeddedInfrastructure
class OrderApiIT {

	// A stand-in rather than the real user-service, which is another module: the real
	// cross-service path through Eureka is covered by system-tests.
	private static final UserServiceStandIn USER_SERVICE = UserServiceStandIn.start();

	private static final String TOPIC = "order-events";

	@DynamicPropertySource
	static void userService(DynamicPropertyRegistry registry) {
		USER_SERVICE.register(registry);
	}

	@AfterAll
	static void stopUserService() {
		USER_SERVICE.stop();
	}

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Value("${resilience4j.retry.instances.user-service.max-attempts}")
	private int attempts;

	@Autowired
	private JsonMapper json;

	@Autowired
	private ObjectProvider<RestClient.Builder> restClientBuilders;

	private OrdersClient http;

	@BeforeEach
	void client() {
		this.http = new OrdersClient(this.port, this.json);
	}

	@Test
	void placesOrderWithServerComputedTotal() {
		UUID user = USER_SERVICE.knownUser();

		Response placed = place(user, item("BOOK-1", 3), item("PEN", 1));

		assertThat(placed.status()).isEqualTo(HttpStatus.CREATED);
		String id = placed.id();
		assertThat(placed.headers().getLocation()).hasToString("/api/orders/" + id);
		assertThat(placed.headers().getFirst("X-User-Check")).isEqualTo("verified");
		assertThat(placed.body().get("userId").asString()).isEqualTo(user.toString());
		assertThat(placed.body().get("status").asString()).isEqualTo("PLACED");
		assertThat(placed.body().get("total").decimalValue()).isEqualByComparingTo("61.47");
		assertThat(placed.body().get("items")).hasSize(2);
		assertThat(placed.body().get("items").get(0).get("lineTotal").decimalValue()).isEqualByComparingTo("59.97");
		assertThat(placed.body().get("version").asLong()).isZero();
		assertThat(Instant.parse(placed.body().get("createdAt").asString())).isBefore(Instant.now());
	}

	@Test
	void placesOrderOnceForRepeatedIdempotencyKey() {
		UUID user = USER_SERVICE.knownUser();
		String token = TestTokens.user(user);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("userId", user, "items", List.of(item("BOOK-1", 1)));

		Response first = this.http.send(HttpMethod.POST, token, (headers) -> headers.set("Idempotency-Key", key), body,
				"/api/orders");
		Response again = this.http.send(HttpMethod.POST, token, (headers) -> headers.set("Idempotency-Key", key), body,
				"/api/orders");
		Response changed = this.http.send(HttpMethod.POST, token, (headers) -> headers.set("Idempotency-Key", key),
				Map.of("userId", user, "items", List.of(item("BOOK-1", 2))), "/api/orders");

		assertThat(first.status()).as("%s", first.body()).isEqualTo(HttpStatus.CREATED);
		assertThat(again.status()).isEqualTo(HttpStatus.CREATED);
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(again.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(changed.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(changed.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(totalOrdersOf(user)).isEqualTo(1);
	}

	@Test
	void returnsPlacedOrderAsStored() {
		UUID user = USER_SERVICE.knownUser();
		Response placed = place(user, item("BOOK-1", 2));

		Response read = this.http.get(TestTokens.user(user), "/api/orders/{id}", placed.id());

		assertThat(read.status()).isEqualTo(HttpStatus.OK);
		assertThat(read.body()).isEqualTo(placed.body());
	}

	@Test
	void answersNotFoundForUnknownOrder() {
		Response read = this.http.get(TestTokens.user(UUID.randomUUID()), "/api/orders/{id}", UUID.randomUUID());

		assertThat(read.status()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(read.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void listsOrdersOfUserNewestFirstInPages() {
		UUID user = USER_SERVICE.knownUser();
		String token = TestTokens.user(user);
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			ids.add(place(user, item("STICKERS", i)).id());
		}
		place(USER_SERVICE.knownUser(), item("MUG", 1));

		Response first = this.http.get(token, "/api/orders?userId={user}&page=0&size=2", user);
		Response second = this.http.get(token, "/api/orders?userId={user}&page=1&size=2", user);

		assertThat(first.status()).isEqualTo(HttpStatus.OK);
		assertThat(ids(first)).containsExactly(ids.get(2), ids.get(1));
		assertThat(ids(second)).containsExactly(ids.get(0));
		assertThat(first.body().get("page").asInt()).isZero();
		assertThat(first.body().get("size").asInt()).isEqualTo(2);
		assertThat(first.body().get("totalElements").asLong()).isEqualTo(3);
		assertThat(first.body().get("totalPages").asInt()).isEqualTo(2);
	}

	@Test
	void cancelsOrderOnlyOnce() {
		UUID user = USER_SERVICE.knownUser();
		String token = TestTokens.user(user);
		String id = place(user, item("BOOK-1", 1)).id();

		Response cancelled = this.http.post(token, null, "/api/orders/{id}/cancel", id);
		Response again = this.http.post(token, null, "/api/orders/{id}/cancel", id);

		assertThat(cancelled.status()).isEqualTo(HttpStatus.OK);
		assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.body().get("version").asLong()).isEqualTo(1);
		assertThat(again.status()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(again.body().get("detail").asString()).isEqualTo("Order " + id + " is already cancelled");
		// Read your own write: without the cancel's consistency token the read is
		// eventual and
		// may come from a replica that has not replayed the order yet (a 404 under load).
		String consistency = cancelled.headers().getFirst("X-Consistency-Token");
		assertThat(consistency).isNotBlank();
		Response read = this.http.send(HttpMethod.GET, token,
				(headers) -> headers.set("X-Consistency-Token", consistency), null, "/api/orders/{id}", id);
		assertThat(read.body().get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void answersNotFoundWhenCancellingUnknownOrder() {
		assertThat(
				this.http.post(TestTokens.user(UUID.randomUUID()), null, "/api/orders/{id}/cancel", UUID.randomUUID())
					.status())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void rejectsOrderForUnknownUser() {
		UUID stranger = UUID.randomUUID();

		Response response = place(stranger, item("BOOK-1", 1));

		assertThat(response.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.body().get("detail").asString()).isEqualTo("User " + stranger + " does not exist");
		assertThat(totalOrdersOf(stranger)).isZero();
	}

	@Test
	void answersServiceUnavailableWhileUserServiceIsDown() {
		UUID user = USER_SERVICE.knownUser();
		// The signing keys are fetched once and cached: an outage of user-service does
		// not
		// stop order-service from recognising tokens.
		assertThat(totalOrdersOf(user)).isZero();
		USER_SERVICE.stop();
		try {
			Response response = place(user, item("BOOK-1", 1));

			assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(response.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.body().get("detail").asString()).contains("user-service is unavailable");
			assertThat(totalOrdersOf(user)).isZero();
		}
		finally {
			USER_SERVICE.restart();
		}
		// Other tests share the stand-in: prove it answers again before leaving.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(place(user, item("BOOK-1", 1)).status()).isEqualTo(HttpStatus.CREATED));
	}

	@Test
	void answersServiceUnavailableWhenUserServiceIsTooSlow() {
		UUID user = USER_SERVICE.slowUser();
		long started = System.nanoTime();

		Response response = place(user, item("BOOK-1", 1));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(UserServiceStandIn.SLOW_ANSWER);
		assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

	// Retried by the resilience layer only, as configured: not again behind the scenes
	// by the HTTP client.
	@Test
	void answersServiceUnavailableWhenUserServiceKeepsFailingAfterTheConfiguredAttempts() {
		UUID user = USER_SERVICE.failingUser();

		Response response = place(user, item("BOOK-1", 1));

		assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(USER_SERVICE.callsFor(user)).isEqualTo(this.attempts);
	}

	@Test
	void publishesPlacedAndCancelledEventsAfterCommit() {
		try (KafkaConsumer<String, String> consumer = consumer()) {
			consumer.subscribe(List.of(TOPIC));
			UUID user = USER_SERVICE.knownUser();
			Response placed = place(user, item("BOOK-1", 3), item("PEN", 1));
			String id = placed.id();
			Response cancelled = this.http.post(TestTokens.user(user), null, "/api/orders/{id}/cancel", id);

			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
				assertThat(received).filteredOn((record) -> id.equals(record.key())).hasSize(2);
			});

			List<JsonNode> events = received.stream()
				.filter((record) -> id.equals(record.key()))
				.map((record) -> this.json.readTree(record.value()))
				.toList();
			// What order-service emits is exactly what its published contract promises.
			assertThat(events).allSatisfy((event) -> assertThat(
					EventContracts.of(event.get("type").asString(), event.get("version").asInt()).violations(event))
				.isEmpty());
			JsonNode placedEvent = events.get(0);
			assertThat(placedEvent.get("type").asString()).isEqualTo("OrderPlaced");
			assertEnvelope(placedEvent, id, placed.body().get("version").asLong());
			assertThat(placedEvent.get("payload").get("orderId").asString()).isEqualTo(id);
			assertThat(placedEvent.get("payload").get("userId").asString()).isEqualTo(user.toString());
			assertThat(placedEvent.get("payload").get("total").decimalValue()).isEqualByComparingTo("61.47");
			assertThat(placedEvent.get("payload").get("itemCount").asInt()).isEqualTo(2);

			JsonNode cancelledEvent = events.get(1);
			assertThat(cancelledEvent.get("type").asString()).isEqualTo("OrderCancelled");
			assertEnvelope(cancelledEvent, id, cancelled.body().get("version").asLong());
			assertThat(cancelledEvent.get("payload").get("orderId").asString()).isEqualTo(id);
			assertThat(cancelledEvent.get("payload").get("userId").asString()).isEqualTo(user.toString());
			assertThat(cancelledEvent.get("aggregateVersion").asLong())
				.isGreaterThan(placedEvent.get("aggregateVersion").asLong());
		}
	}

	// The caller's trace continues into order-service's call to user-service and into the
	// OrderPlaced record, which the outbox relay publishes later on its own thread.
	@Test
	void continuesTheCallersTraceToUserServiceAndIntoTheEvent() {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String callerSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (KafkaConsumer<String, String> consumer = consumer()) {
			consumer.subscribe(List.of(TOPIC));
			UUID user = USER_SERVICE.knownUser();

			Response placed = this.http.send(HttpMethod.POST, TestTokens.user(user),
					(headers) -> headers.set("traceparent", "00-" + traceId + "-" + callerSpanId + "-01"),
					Map.of("userId", user, "items", List.of(item("BOOK-1", 1))), "/api/orders");

			assertThat(placed.status()).isEqualTo(HttpStatus.CREATED);
			assertThat(USER_SERVICE.traceparentFor(user)).startsWith("00-" + traceId + "-")
				.doesNotContain("-" + callerSpanId + "-");
			String id = placed.id();
			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
				assertThat(received).filteredOn((record) -> id.equals(record.key())).isNotEmpty();
			});
			ConsumerRecord<String, String> event = received.stream()
				.filter((record) -> id.equals(record.key()))
				.findFirst()
				.orElseThrow();
			assertThat(header(event, "traceparent")).startsWith("00-" + traceId + "-");
		}
	}

	@Test
	void offersPlainRestClientBuilderToThoseThatAskForAnyBuilder() {
		// What Eureka's registry client does: if it got the load-balanced builder, it
		// would
		// resolve the Eureka server's host as a service id and never register.
		RestClient client = this.restClientBuilders.getIfAvailable(RestClient::builder)
			.baseUrl("http://localhost:" + this.managementPort)
			.build();

		assertThat(client.get().uri("/actuator/health").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(200);
	}

	private static void assertEnvelope(JsonNode event, String orderId, long aggregateVersion) {
		assertThat(UUID.fromString(event.get("eventId").asString())).isNotNull();
		assertThat(event.get("version").asInt()).isEqualTo(1);
		assertThat(event.get("aggregateId").asString()).isEqualTo(orderId);
		assertThat(event.get("aggregateVersion").asLong()).isEqualTo(aggregateVersion);
		assertThat(Instant.parse(event.get("occurredAt").asString())).isBefore(Instant.now());
	}

	private static String header(ConsumerRecord<String, String> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static KafkaConsumer<String, String> consumer() {
		return new KafkaConsumer<>(
				SharedInfrastructure.get()
					.kafka()
					.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "order-api-it-" + UUID.randomUUID(),
							ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
				new StringDeserializer(), new StringDeserializer());
	}

	@SafeVarargs
	private Response place(UUID user, Map<String, Object>... items) {
		return this.http.place(TestTokens.user(user), user, items);
	}

	private long totalOrdersOf(UUID user) {
		Response page = this.http.get(TestTokens.user(user), "/api/orders?userId={user}", user);
		assertThat(page.status()).isEqualTo(HttpStatus.OK);
		return page.body().get("totalElements").asLong();
	}

	private List<String> ids(Response page) {
		List<String> ids = new ArrayList<>();
		page.body().get("items").forEach((order) -> ids.add(order.get("id").asString()));
		return ids;
	}

}
