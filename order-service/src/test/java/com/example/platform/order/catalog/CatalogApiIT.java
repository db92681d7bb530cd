package com.example.platform.order.catalog;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.platform.infra.PostgresReplica;
import com.example.platform.testsupport.HttpStandIn;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.TestTokens;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog against the real servers: browsing without a token, price changes by the
 * administrator only, reads from the streaming replica through the versioned Redis cache,
 * and a price change that supersedes what the cache held. Each test that changes prices
 * adds a product of its own, so the seeded catalog stays as the other tests expect it.
 */
// The catalog never calls user-service; the secret only has to be there, as in every
// deployment.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "order.user-service.client-secret=unused-in-this-test",
				// A replica paused by a test must stay in rotation, to show what it
				// serves.
				"platform.datasource.max-lag=1h", "platform.datasource.max-lag-bytes=1GB" })
@WithEmbeddedInfrastructure
class CatalogApiIT {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(30);

	// Serves the test signing keys, as user-service would.
	private static final HttpStandIn KEYS = HttpStandIn.start((request) -> request.path().equals(TestTokens.JWKS_PATH)
			? HttpStandIn.Response.json(200, TestTokens.jwks()) : HttpStandIn.Response.empty(404));

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@DynamicPropertySource
	static void signingKeys(DynamicPropertyRegistry registry) {
		registry.add("platform.security.jwk-set-uri", () -> KEYS.uri() + TestTokens.JWKS_PATH);
	}

	@AfterAll
	static void stopKeys() {
		KEYS.stop();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@Autowired
	private MeterRegistry meters;

	private final PostgresReplica replica = SharedInfrastructure.get().postgres().replica();

	@BeforeEach
	void replicaServesReads() {
		await().atMost(REPLAY_TIMEOUT).until(() -> gauge("db.replicas.in.rotation") >= 1);
	}

	@AfterEach
	void resumeReplay() {
		if (this.replica.isReplayPaused()) {
			this.replica.resumeReplay();
		}
	}

	@Test
	void listsTheSeededCatalogBySkuWithoutAToken() {
		Answer answer = send(get("/api/products"));

		assertThat(answer.status()).isEqualTo(200);
		List<String> skus = new ArrayList<>();
		answer.body().get("products").forEach((product) -> skus.add(product.get("sku").asString()));
		assertThat(skus).isSorted()
			.contains("BOOK-1", "BOOK-2", "HOODIE-L", "MUG", "NOTEBOOK-A5", "PEN", "STICKERS", "T-SHIRT-M");
		answer.body().get("products").forEach((product) -> {
			assertThat(product.get("name").asString()).isNotBlank();
			assertThat(product.get("description").asString()).isNotBlank();
			assertThat(product.get("price").decimalValue()).isPositive();
		});
	}

	@Test
	void readsAProductWithoutAToken() {
		Answer answer = send(get("/api/products/BOOK-1"));

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("sku").asString()).isEqualTo("BOOK-1");
		assertThat(answer.body().get("name").asString()).isEqualTo("Distributed Systems Field Guide");
		assertThat(answer.body().get("price").decimalValue()).isEqualByComparingTo("19.99");
	}

	@Test
	void answersNotFoundForAnUnknownSku() {
		Answer answer = send(get("/api/products/NO-SUCH-THING"));

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.contentType()).isEqualTo(PROBLEM_JSON);
		assertThat(answer.body().get("detail").asString()).isEqualTo("Product NO-SUCH-THING does not exist");
	}

	@Test
	void rejectsASkuThatIsNoIdentifier() {
		Answer answer = send(get("/api/products/NOT_A_SKU"));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.contentType()).isEqualTo(PROBLEM_JSON);
		assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("sku");
	}

	@Test
	void onlyTheAdministratorChangesPrices() {
		String sku = newProduct("5.00");

		Answer anonymous = send(changePrice(sku, null, "{\"price\":0.01}"));
		Answer user = send(changePrice(sku, TestTokens.user(UUID.randomUUID()), "{\"price\":0.01}"));
		Answer service = send(changePrice(sku, TestTokens.service("user-service"), "{\"price\":0.01}"));

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).isEqualTo(PROBLEM_JSON);
		assertThat(user.status()).isEqualTo(403);
		assertThat(user.contentType()).isEqualTo(PROBLEM_JSON);
		assertThat(user.body().get("detail").asString()).isEqualTo("only administrators can change prices");
		assertThat(service.status()).isEqualTo(403);
		assertThat(priceOnPrimary(sku)).isEqualByComparingTo("5.00");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"price\":0}", "{\"price\":-1}", "{\"price\":1.005}", "{\"price\":123456789.00}", "{}",
			"{\"price\":null}" })
	void rejectsAnInvalidPrice(String body) {
		String sku = newProduct("5.00");

		Answer answer = send(changePrice(sku, TestTokens.admin(), body));

		assertThat(answer.status()).as(body).isEqualTo(400);
		assertThat(answer.contentType()).isEqualTo(PROBLEM_JSON);
		assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("price");
		assertThat(priceOnPrimary(sku)).isEqualByComparingTo("5.00");
	}

	@Test
	void rejectsAPriceThatIsNoNumber() {
		Answer answer = send(changePrice("BOOK-1", TestTokens.admin(), "{\"price\":\"cheap\"}"));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().get("detail").asString()).contains("'price'");
	}

	@Test
	void answersNotFoundWhenChangingThePriceOfAnUnknownSku() {
		Answer answer = send(changePrice("NO-SUCH-THING", TestTokens.admin(), "{\"price\":12.50}"));

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.contentType()).isEqualTo(PROBLEM_JSON);
	}

	@Test
	void servesRepeatedReadsFromTheCache() {
		String sku = newProduct("5.00");
		double hits = cacheGets("hit");
		double loads = cacheLoads();

		Answer first = send(get("/api/products/" + sku));
		Answer second = send(get("/api/products/" + sku));

		assertThat(first.body()).isEqualTo(second.body());
		assertThat(cacheLoads()).as("one database load, for the first read").isEqualTo(loads + 1);
		assertThat(cacheGets("hit")).as("the second read is a hit").isEqualTo(hits + 1);
	}

	@Test
	void aPriceChangeSupersedesTheCachedProductAndList() {
		String sku = newProduct("5.00");
		assertThat(price(send(get("/api/products/" + sku)).body())).isEqualByComparingTo("5.00");
		assertThat(priceInList(send(get("/api/products")), sku)).isEqualByComparingTo("5.00");

		Answer changed = send(changePrice(sku, TestTokens.admin(), "{\"price\":12.5}"));

		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.body().get("sku").asString()).isEqualTo(sku);
		assertThat(changed.body().get("price").decimalValue()).isEqualByComparingTo("12.50");
		String token = changed.consistencyToken();
		assertThat(token).as("a write answers with its consistency token").isNotBlank();
		// Read-your-writes: never the cached old price, whether or not the replica caught
		// up.
		assertThat(price(send(get("/api/products/" + sku).header("X-Consistency-Token", token)).body()))
			.isEqualByComparingTo("12.50");
		assertThat(priceInList(send(get("/api/products").header("X-Consistency-Token", token)), sku))
			.isEqualByComparingTo("12.50");
		// Eventual reads too, once the replica has replayed the change; and then the new
		// price is what the cache serves.
		this.replica.awaitReplayed(REPLAY_TIMEOUT);
		double hits = cacheGets("hit");
		await().atMost(REPLAY_TIMEOUT)
			.untilAsserted(
					() -> assertThat(price(send(get("/api/products/" + sku)).body())).isEqualByComparingTo("12.50"));
		assertThat(price(send(get("/api/products/" + sku)).body())).isEqualByComparingTo("12.50");
		assertThat(cacheGets("hit")).isGreaterThan(hits);
	}

	// Pausing the replica's replay makes its answer recognisable: the price it still has.
	@Test
	void readsTheCatalogFromTheReplica() {
		String sku = newProduct("5.00");
		double replicaReads = replicaReads();
		this.replica.pauseReplay();
		// Behind the API's back, so that nothing is evicted and nothing is cached yet.
		this.jdbc.sql("update products set price = 7.00 where sku = :sku").param("sku", sku).update();

		Answer eventual = send(get("/api/products/" + sku));
		Answer strong = send(get("/api/products/" + sku).header("Consistency", "strong"));

		assertThat(price(eventual.body())).as("the replica's price").isEqualByComparingTo("5.00");
		assertThat(replicaReads()).isGreaterThan(replicaReads);
		assertThat(price(strong.body())).as("the primary's price").isEqualByComparingTo("7.00");
	}

	private String newProduct(String price) {
		String sku = TestProducts.add(this.jdbc, price);
		// Browsing reads the replica: the product must have arrived there.
		this.replica.awaitReplayed(REPLAY_TIMEOUT);
		return sku;
	}

	private BigDecimal priceOnPrimary(String sku) {
		return this.jdbc.sql("select price from products where sku = :sku")
			.param("sku", sku)
			.query(BigDecimal.class)
			.single();
	}

	private static BigDecimal price(JsonNode product) {
		return product.get("price").decimalValue();
	}

	private static BigDecimal priceInList(Answer list, String sku) {
		assertThat(list.status()).isEqualTo(200);
		for (JsonNode product : list.body().get("products")) {
			if (product.get("sku").asString().equals(sku)) {
				return price(product);
			}
		}
		throw new AssertionError(sku + " is not in " + list.body());
	}

	private double cacheGets(String result) {
		Counter counter = this.meters.find("cache.gets")
			.tags("cache", Catalog.PRODUCTS_CACHE, "result", result)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double cacheLoads() {
		Counter counter = this.meters.find("platform.cache.loads").tags("cache", Catalog.PRODUCTS_CACHE).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double replicaReads() {
		return this.meters.find("db.reads")
			.tags("role", "replica")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private double gauge(String name) {
		Gauge gauge = this.meters.find(name).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET();
	}

	private HttpRequest.Builder changePrice(String sku, String token, String body) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/products/" + sku + "/price"))
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isEmpty() ? null : this.json.readTree(response.body());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.headers().firstValue("X-Consistency-Token").orElse(null), body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Answer(int status, String contentType, String consistencyToken, JsonNode body) {

	}

}
