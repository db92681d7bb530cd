package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

record OrderView(UUID id, UUID userId, OrderStatus status, List<Item> items, BigDecimal total, Instant createdAt,
		long version) {

	static OrderView of(Order order) {
		List<Item> items = order.getItems().stream().map(Item::of).toList();
		return new OrderView(order.getId(), order.getUserId(), order.getStatus(), items, order.getTotal(),
				order.getCreatedAt(), order.getVersion());
	}

	// Named apart from PlaceOrderRequest.Item: one schema name each in the OpenAPI
	// document.
	@Schema(name = "OrderLine")
	record Item(String sku, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {

		static Item of(OrderItem item) {
			return new Item(item.sku(), item.quantity(), item.unitPrice(), item.lineTotal());
		}

	}

}
