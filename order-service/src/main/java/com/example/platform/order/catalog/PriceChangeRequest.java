package com.example.platform.order.catalog;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

/**
 * An administrator's new price for a product; it applies to orders placed from now on.
 *
 * @param price the new price of one unit: positive, at most 8 integer digits and 2
 * decimals (what order_items.unit_price can hold)
 */
record PriceChangeRequest(
		@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 8, fraction = 2) BigDecimal price) {

}
