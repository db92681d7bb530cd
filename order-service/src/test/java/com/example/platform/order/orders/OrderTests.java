package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrderTests {

	private static final Instant NOW = Instant.parse("2026-01-15T10:15:30.123456789Z");

	@Test
	void computesTotalFromItems() {
		Order order = Order.place(UUID.randomUUID(), List.of(new OrderItem("SKU-1", 3, new BigDecimal("19.99")),
				new OrderItem("SKU-2", 1, new BigDecimal("0.01"))), NOW);

		assertThat(order.getTotal()).isEqualTo(new BigDecimal("59.98"));
		assertThat(order.getItems()).extracting(OrderItem::lineTotal)
			.containsExactly(new BigDecimal("59.97"), new BigDecimal("0.01"));
		assertThat(order.getStatus()).isEqualTo(OrderStatus.PLACED);
		assertThat(order.getVersion()).isNull();
	}

	@Test
	void normalisesPricesToTwoDecimals() {
		Order order = Order.place(UUID.randomUUID(), List.of(new OrderItem("SKU-1", 2, new BigDecimal("5"))), NOW);

		assertThat(order.getItems().getFirst().unitPrice()).isEqualTo(new BigDecimal("5.00"));
		assertThat(order.getTotal()).isEqualTo(new BigDecimal("10.00"));
	}

	@Test
	void keepsCreationTimeAtDatabasePrecision() {
		Order order = Order.place(UUID.randomUUID(), List.of(new OrderItem("SKU-1", 1, BigDecimal.ONE)), NOW);

		assertThat(order.getCreatedAt()).isEqualTo(Instant.parse("2026-01-15T10:15:30.123456Z"));
	}

	@Test
	void refusesTotalBeyondWhatTheDatabaseHolds() {
		List<OrderItem> items = List.of(new OrderItem("SKU-1", 10_000, new BigDecimal("99999999.99")),
				new OrderItem("SKU-2", 10_000, new BigDecimal("99999999.99")));

		assertThatExceptionOfType(OrderTotalTooLargeException.class)
			.isThrownBy(() -> Order.place(UUID.randomUUID(), items, NOW))
			.withMessageContaining("exceeds the maximum of 9999999999.99");
	}

	@Test
	void cancelsPlacedOrder() {
		Order order = Order.place(UUID.randomUUID(), List.of(new OrderItem("SKU-1", 1, BigDecimal.ONE)), NOW);

		order.cancel();

		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
	}

	@Test
	void refusesToCancelTwice() {
		Order order = Order.place(UUID.randomUUID(), List.of(new OrderItem("SKU-1", 1, BigDecimal.ONE)), NOW);
		order.cancel();

		assertThatExceptionOfType(OrderAlreadyCancelledException.class).isThrownBy(order::cancel)
			.withMessage("Order %s is already cancelled", order.getId());
		assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
	}

}
