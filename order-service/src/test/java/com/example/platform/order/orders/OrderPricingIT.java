package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.order.catalog.TestProducts;
import com.example.platform.order.orders.OrdersClient.Response;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.example.platform.order.orders.OrdersClient.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prices come from the catalog only: the attack that priced 10,000 items at 0.01 is a
 * 400, an unknown SKU a 422, and an order keeps the price it was placed at when the
 * administrator changes it later.
 */
class OrderPricingIT extends AgainstUserServiceStandIn {

	@LocalServerPort
	private int port;

	@Autowired
	private JsonMapper json;

	@Autowired
	private JdbcClient jdbc;

	private OrdersClient http;

	@BeforeEach
	void client() {
		this.http = new OrdersClient(this.port, this.json);
	}

	@Test
	void pricesEachLineFromTheCatalog() {
		UUID user = USER_SERVICE.knownUser();

		Response placed = this.http.place(TestTokens.user(user), user, item("BOOK-1", 3), item("PEN", 2));

		assertThat(placed.status()).isEqualTo(HttpStatus.CREATED);
		JsonNode lines = placed.body().get("items");
		assertThat(lines.get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("19.99");
		assertThat(lines.get(0).get("lineTotal").decimalValue()).isEqualByComparingTo("59.97");
		assertThat(lines.get(1).get("unitPrice").decimalValue()).isEqualByComparingTo("1.50");
		assertThat(placed.body().get("total").decimalValue()).isEqualByComparingTo("62.97");
	}

	@Test
	void refusesAClientSentPriceNamingTheField() {
		UUID user = USER_SERVICE.knownUser();

		Response response = this.http.post(TestTokens.user(user),
				Map.of("userId", user, "items",
						List.of(Map.of("sku", "BOOK-1", "quantity", 10_000, "unitPrice", new BigDecimal("0.01")))),
				"/api/orders");

		assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.body().get("detail").asString()).isEqualTo("Unknown field 'items[0].unitPrice'.");
		assertThat(ordersOf(user)).isZero();
	}

	@Test
	void refusesUnknownSkusNamingEachOfThem() {
		UUID user = USER_SERVICE.knownUser();

		Response response = this.http.place(TestTokens.user(user), user, item("BOOK-1", 1), item("NO-SUCH-1", 1),
				item("NO-SUCH-2", 2), item("NO-SUCH-1", 3));

		assertThat(response.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.body().get("detail").asString()).isEqualTo("Unknown SKU(s): NO-SUCH-1, NO-SUCH-2");
		assertThat(ordersOf(user)).isZero();
	}

	@Test
	void placedOrdersKeepTheirPriceWhenTheAdministratorChangesIt() {
		String sku = TestProducts.add(this.jdbc, "4.00");
		UUID user = USER_SERVICE.knownUser();
		String token = TestTokens.user(user);
		Response before = this.http.place(token, user, item(sku, 3));

		Response changed = this.http.send(HttpMethod.PUT, TestTokens.admin(), (headers) -> {
		}, Map.of("price", new BigDecimal("5.25")), "/api/products/{sku}/price", sku);
		Response after = this.http.place(token, user, item(sku, 3));

		assertThat(changed.status()).isEqualTo(HttpStatus.OK);
		assertThat(after.body().get("items").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("5.25");
		assertThat(after.body().get("total").decimalValue()).isEqualByComparingTo("15.75");
		// Read back from the primary: what is stored, not what a cache or a lagging
		// replica remembers.
		Response reread = this.http.send(HttpMethod.GET, token, (headers) -> headers.set("Consistency", "strong"), null,
				"/api/orders/{id}", before.id());
		assertThat(reread.status()).isEqualTo(HttpStatus.OK);
		assertThat(reread.body().get("items").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("4.00");
		assertThat(reread.body().get("total").decimalValue()).isEqualByComparingTo("12.00");
		assertThat(reread.body()).isEqualTo(before.body());
	}

	private long ordersOf(UUID user) {
		Response page = this.http.send(HttpMethod.GET, TestTokens.user(user),
				(headers) -> headers.set("Consistency", "strong"), null, "/api/orders?userId={user}", user);
		assertThat(page.status()).isEqualTo(HttpStatus.OK);
		return page.body().get("totalElements").asLong();
	}

}
