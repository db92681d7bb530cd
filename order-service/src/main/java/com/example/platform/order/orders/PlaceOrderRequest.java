package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A client's order: what and how many, never at what price. There is deliberately no
 * {@code total} and no {@code unitPrice}: prices come from the catalog and the server
 * computes the total, and because unknown JSON properties are rejected, a client sending
 * either gets a 400 naming the field rather than the false impression that its price was
 * used.
 *
 * @param userId who orders
 * @param items what is ordered
 */
record PlaceOrderRequest(@NotNull UUID userId, @NotNull @Size(min = 1, max = 100) List<@Valid @NotNull Item> items) {

	// A SKU is an identifier, not text: nothing but letters, digits and hyphens gets in,
	// so injection strings are refused at the edge rather than stored.
	@Schema(name = "OrderLineRequest")
	record Item(
			@NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}",
					message = "must be 1 to 64 letters, digits or hyphens") String sku,
			@NotNull @Min(1) @Max(10_000) Integer quantity) {

		/**
		 * This line at the catalog's price.
		 * @param prices the current price of every SKU of the order
		 * @return the order line
		 */
		OrderItem priced(Map<String, BigDecimal> prices) {
			return new OrderItem(this.sku, this.quantity, prices.get(this.sku));
		}

	}

}
