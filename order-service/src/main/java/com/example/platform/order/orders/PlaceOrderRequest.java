package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A client's order. There is deliberately no {@code total}: the server computes it, and
 * because unknown JSON properties are rejected, a client sending one gets a 400 rather
 * than the false impression that its total was used.
 *
 * @param userId who orders
 * @param items what is ordered
 */
record PlaceOrderRequest(@NotNull UUID userId, @NotNull @Size(min = 1, max = 100) List<@Valid @NotNull Item> items) {

	List<OrderItem> toOrderItems() {
		return this.items.stream().map((item) -> new OrderItem(item.sku(), item.quantity(), item.unitPrice())).toList();
	}

	// A SKU is an identifier, not text: nothing but letters, digits and hyphens gets in,
	// so
	// injection strings are refused at the edge rather than stored.
	@Schema(name = "OrderLineRequest")
	record Item(
			@NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}",
					message = "must be 1 to 64 letters, digits or hyphens") String sku,
			@NotNull @Min(1) @Max(10_000) Integer quantity, @NotNull @DecimalMin(value = "0",
					inclusive = false) @Digits(integer = 8, fraction = 2) BigDecimal unitPrice) {

	}

}
