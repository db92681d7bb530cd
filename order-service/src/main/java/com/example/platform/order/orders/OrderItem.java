package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One line of an order. The line total is derived, never stored or accepted from a
 * client.
 *
 * @param sku the product's stock keeping unit
 * @param quantity how many units
 * @param unitPrice the price of one unit
 */
@Table("order_items")
record OrderItem(String sku, int quantity, BigDecimal unitPrice) {

	static final int MONEY_SCALE = 2;

	OrderItem {
		// Normalised so that 5 and 5.00 are the same price in responses before and after
		// a round trip through numeric(10,2).
		unitPrice = unitPrice.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
	}

	BigDecimal lineTotal() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity)).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
	}

}
