package com.example.platform.order.catalog;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Products a test adds for itself, so that the seeded catalog stays as the other tests
 * expect it whatever prices this test changes.
 */
public final class TestProducts {

	private TestProducts() {
	}

	/**
	 * Adds a product with a unique SKU, on the primary.
	 * @param jdbc the order database (primary)
	 * @param price its price, e.g. {@code 5.00}
	 * @return its SKU, e.g. {@code IT-1A2B3C4D}
	 */
	public static String add(JdbcClient jdbc, String price) {
		String sku = "IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
		jdbc.sql("insert into products (sku, name, description, price) values (:sku, 'Test product', 'For a test', "
				+ ":price)")
			.param("sku", sku)
			.param("price", new BigDecimal(price))
			.update();
		return sku;
	}

}
