package com.example.platform.order.catalog;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A product as clients see it, and as the cache holds it.
 *
 * @param sku the stock keeping unit orders name
 * @param name the product's name
 * @param description what it is
 * @param price the current price of one unit; an order keeps the price it was placed at
 */
@Schema(name = "Product")
record ProductView(String sku, String name, String description, BigDecimal price) {

	static ProductView of(Product product) {
		return new ProductView(product.getSku(), product.getName(), product.getDescription(), product.getPrice());
	}

}
