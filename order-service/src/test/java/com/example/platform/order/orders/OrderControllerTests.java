package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.example.platform.order.user.UnknownUserException;
import com.example.platform.order.user.UserCheck;
import com.example.platform.order.user.UserServiceUnavailableException;
import com.example.platform.security.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(OrderController.class)
class OrderControllerTests {

	private static final UUID USER = UUID.fromString("7d3c2a56-3d1f-4b7e-9a55-0c3f2f1c9e01");

	private static final Caller CALLER = new Caller(USER.toString(), Set.of(Caller.USER));

	// A validated token as the resource server would hand it on: what the caller may do
	// is the service's decision, so here it only has to arrive there.
	private static final RequestPostProcessor TOKEN = jwt()
		.jwt((token) -> token.subject(USER.toString()).claim("roles", List.of(Caller.USER)));

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private JsonMapper json;

	@MockitoBean
	private OrderService orders;

	@Test
	void placesOrderWithServerComputedTotal() {
		Order order = stored(
				Order.place(USER,
						List.of(new OrderItem("SKU-1", 3, new BigDecimal("19.99")),
								new OrderItem("SKU-2", 1, new BigDecimal("0.01"))),
						Instant.parse("2026-01-15T10:15:30Z")));
		given(this.orders.placeOrder(eq(CALLER), eq(USER), anyList()))
			.willReturn(new PlacedOrder(order, UserCheck.VERIFIED));

		MvcTestResult result = place("""
				{"userId":"%s","items":[{"sku":"SKU-1","quantity":3},{"sku":"SKU-2","quantity":1}]}""".formatted(USER));

		assertThat(result).hasStatus(HttpStatus.CREATED)
			.hasHeader(HttpHeaders.LOCATION, "/api/orders/" + order.getId())
			.hasHeader("X-User-Check", "verified");
		// Exact text, so the scale (two decimals) is checked too.
		assertThat(result).bodyText().contains("\"total\":59.98", "\"lineTotal\":59.97", "\"unitPrice\":0.01");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("PLACED");
		assertThat(result).bodyJson().extractingPath("$.createdAt").isEqualTo("2026-01-15T10:15:30Z");
	}

	@Test
	void rejectsMalformedJson() {
		assertBadRequest(place("{\"userId\":"), "The request body is not valid JSON.");
	}

	@Test
	void rejectsClientSuppliedTotal() {
		assertBadRequest(place("""
				{"userId":"%s","total":0.01,"items":[{"sku":"SKU-1","quantity":1}]}""".formatted(USER)),
				"Unknown field 'total'.");
	}

	// The attack that led to the catalog: 10,000 items at a price of the client's choice.
	@Test
	void rejectsClientSuppliedUnitPrice() {
		assertBadRequest(place("""
				{"userId":"%s","items":[{"sku":"SKU-1","quantity":10000,"unitPrice":0.01}]}""".formatted(USER)),
				"Unknown field 'items[0].unitPrice'.");
	}

	@Test
	void rejectsMissingUserId() {
		assertInvalidField(place("""
				{"items":[{"sku":"SKU-1","quantity":1}]}"""), "userId");
	}

	@Test
	void rejectsEmptyItems() {
		assertInvalidField(place("""
				{"userId":"%s","items":[]}""".formatted(USER)), "items");
	}

	@Test
	void rejectsMissingItems() {
		assertInvalidField(place("""
				{"userId":"%s"}""".formatted(USER)), "items");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"quantity":0              | items[0].quantity
			"quantity":-1             | items[0].quantity
			"quantity":10001          | items[0].quantity
			"quantity":null           | items[0].quantity
			"sku":" "                 | items[0].sku
			""")
	void rejectsInvalidItem(String override, String field) {
		String item = "{\"sku\":\"SKU-1\",\"quantity\":1,%s}".formatted(override);
		assertInvalidField(place("""
				{"userId":"%s","items":[%s]}""".formatted(USER, item)), field);
	}

	// Not only SQL: quotes, markup, spaces, control characters and over-long values are
	// no
	// SKU either.
	@ParameterizedTest
	@ValueSource(strings = { "' OR 1=1 --", "x'); DROP TABLE orders;--", "SKU-1; DELETE FROM order_items",
			"<script>alert(1)</script>", "SKU 1", "SKU-1\u0000", "{\"$ne\": null}", "ÄPFEL-1", "" })
	void rejectsSkuThatIsNoIdentifier(String sku) {
		String body = this.json
			.writeValueAsString(Map.of("userId", USER, "items", List.of(Map.of("sku", sku, "quantity", 1))));

		assertInvalidField(place(body), "items[0].sku");
	}

	@Test
	void rejectsOverlongSku() {
		assertInvalidField(place("""
				{"userId":"%s","items":[{"sku":"%s","quantity":1}]}""".formatted(USER, "S".repeat(65))),
				"items[0].sku");
	}

	@Test
	void rejectsSkuThatIsNoString() {
		assertThat(place("""
				{"userId":"%s","items":[{"sku":{"$ne":null},"quantity":1}]}""".formatted(USER)))
			.hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.orders);
	}

	@Test
	void rejectsNonNumericQuantity() {
		assertBadRequest(place("""
				{"userId":"%s","items":[{"sku":"SKU-1","quantity":"abc"}]}""".formatted(USER)),
				"Field 'items[0].quantity' has an invalid value 'abc': expected an integer.");
	}

	@Test
	void rejectsOrderForUnknownUser() {
		given(this.orders.placeOrder(eq(CALLER), eq(USER), anyList())).willThrow(new UnknownUserException(USER));

		MvcTestResult result = place(validOrder());

		assertProblem(result, HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("User " + USER + " does not exist");
	}

	@Test
	void answersServiceUnavailableWhenUserServiceIsDown() {
		given(this.orders.placeOrder(eq(CALLER), eq(USER), anyList())).willThrow(
				new UserServiceUnavailableException(Duration.ofSeconds(5), new ConnectException("Connection refused")));

		MvcTestResult result = place(validOrder());

		assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("user-service is unavailable");
		assertThat(result).bodyText().doesNotContain("Connection refused");
	}

	@Test
	void refusesOrderForAnotherUser() {
		given(this.orders.placeOrder(eq(CALLER), eq(USER), anyList())).willThrow(new OrderForAnotherUserException());

		MvcTestResult result = place(validOrder());

		assertProblem(result, HttpStatus.FORBIDDEN);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("orders can only be placed for yourself");
	}

	@Test
	void refusesToListAnotherUsersOrders() {
		UUID other = UUID.randomUUID();
		given(this.orders.findOrders(CALLER, other, 0, 20)).willThrow(new OtherUsersOrdersException());

		MvcTestResult result = this.mvc.get().with(TOKEN).uri("/api/orders?userId={user}", other).exchange();

		assertProblem(result, HttpStatus.FORBIDDEN);
	}

	@Test
	void rejectsRequestWithoutToken() {
		MvcTestResult result = this.mvc.get().uri("/api/orders/{id}", UUID.randomUUID()).exchange();

		assertProblem(result, HttpStatus.UNAUTHORIZED);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		verifyNoInteractions(this.orders);
	}

	@Test
	void returnsOrder() {
		Order order = stored(Order.place(USER, List.of(new OrderItem("SKU-1", 1, BigDecimal.TEN)), Instant.now()));
		given(this.orders.findOrder(CALLER, order.getId())).willReturn(OrderView.of(order));

		MvcTestResult result = this.mvc.get().with(TOKEN).uri("/api/orders/{id}", order.getId()).exchange();

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.id").isEqualTo(order.getId().toString());
	}

	@Test
	void answersNotFoundForUnknownOrder() {
		UUID id = UUID.randomUUID();
		given(this.orders.findOrder(CALLER, id)).willThrow(new OrderNotFoundException(id));

		MvcTestResult result = this.mvc.get().with(TOKEN).uri("/api/orders/{id}", id).exchange();

		assertProblem(result, HttpStatus.NOT_FOUND);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Order " + id + " does not exist");
	}

	@Test
	void answersNotFoundForUnknownPath() {
		assertProblem(this.mvc.get().with(TOKEN).uri("/api/nothing-here").exchange(), HttpStatus.NOT_FOUND);
	}

	@Test
	void rejectsMalformedOrderId() {
		assertBadRequest(this.mvc.get().with(TOKEN).uri("/api/orders/not-a-uuid").exchange(),
				"Parameter 'id' must be a UUID, but was 'not-a-uuid'.");
	}

	@Test
	void listsOrdersOfUser() {
		Order order = stored(Order.place(USER, List.of(new OrderItem("SKU-1", 1, BigDecimal.TEN)), Instant.now()));
		given(this.orders.findOrders(CALLER, USER, 1, 5))
			.willReturn(new PageImpl<>(List.of(order), PageRequest.of(1, 5), 6));

		MvcTestResult result = this.mvc.get()
			.with(TOKEN)
			.uri("/api/orders?userId={user}&page=1&size=5", USER)
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.items[0].id").isEqualTo(order.getId().toString());
		assertThat(result).bodyJson().extractingPath("$.page").asNumber().isEqualTo(1);
		assertThat(result).bodyJson().extractingPath("$.size").asNumber().isEqualTo(5);
		assertThat(result).bodyJson().extractingPath("$.totalElements").asNumber().isEqualTo(6);
		assertThat(result).bodyJson().extractingPath("$.totalPages").asNumber().isEqualTo(2);
	}

	@ParameterizedTest
	@CsvSource({ "page=-1, page", "size=0, size", "size=1000, size", "userId=not-a-uuid, userId" })
	void rejectsInvalidListParameters(String query, String field) {
		assertInvalidField(this.mvc.get().with(TOKEN).uri("/api/orders?" + query).exchange(), field);
	}

	@Test
	void cancelsOrder() {
		Order order = stored(Order.place(USER, List.of(new OrderItem("SKU-1", 1, BigDecimal.TEN)), Instant.now()));
		order.cancel();
		given(this.orders.cancelOrder(CALLER, order.getId())).willReturn(order);

		MvcTestResult result = this.mvc.post().with(TOKEN).uri("/api/orders/{id}/cancel", order.getId()).exchange();

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("CANCELLED");
	}

	@Test
	void refusesToCancelTwice() {
		UUID id = UUID.randomUUID();
		given(this.orders.cancelOrder(CALLER, id)).willThrow(new OrderAlreadyCancelledException(id));

		MvcTestResult result = this.mvc.post().with(TOKEN).uri("/api/orders/{id}/cancel", id).exchange();

		assertProblem(result, HttpStatus.CONFLICT);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Order " + id + " is already cancelled");
	}

	@Test
	void answersNotFoundWhenCancellingUnknownOrder() {
		UUID id = UUID.randomUUID();
		given(this.orders.cancelOrder(CALLER, id)).willThrow(new OrderNotFoundException(id));

		assertProblem(this.mvc.post().with(TOKEN).uri("/api/orders/{id}/cancel", id).exchange(), HttpStatus.NOT_FOUND);
	}

	// What the repository hands back: the same order with a version assigned.
	private static Order stored(Order order) {
		return new Order(order.getId(), order.getUserId(), order.getStatus(), order.getTotal(), order.getCreatedAt(),
				order.getItems(), 0L);
	}

	private MvcTestResult place(String body) {
		return this.mvc.post()
			.with(TOKEN)
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private static String validOrder() {
		return """
				{"userId":"%s","items":[{"sku":"SKU-1","quantity":1}]}""".formatted(USER);
	}

	private void assertBadRequest(MvcTestResult result, String detail) {
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
		verifyNoInteractions(this.orders);
	}

	private void assertInvalidField(MvcTestResult result, String field) {
		assertProblem(result, HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
		verifyNoInteractions(this.orders);
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
		// No stack traces or exception class names leak to clients.
		assertThat(result).bodyText().doesNotContain("Exception", "\tat ");
	}

}
