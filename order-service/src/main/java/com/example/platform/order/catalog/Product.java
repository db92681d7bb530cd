package com.example.platform.order.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A product of the catalog. Only the price changes, and only through
 * {@link #changePrice}; products themselves come from migrations.
 */
@Table("products")
class Product {

	static final int MONEY_SCALE = 2;

	@Id
	private final String sku;

	private final String name;

	private final String description;

	private BigDecimal price;

	private Instant updatedAt;

	@PersistenceCreator
	Product(String sku, String name, String description, BigDecimal price, Instant updatedAt) {
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.price = price;
		this.updatedAt = updatedAt;
	}

	void changePrice(BigDecimal newPrice, Instant now) {
		if (newPrice.signum() <= 0) {
			throw new IllegalArgumentException("A price must be positive, not " + newPrice.toPlainString());
		}
		// Normalised like order lines, so 12.5 and 12.50 are the same price before and
		// after a round trip through numeric(10,2).
		this.price = newPrice.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
		this.updatedAt = now.truncatedTo(ChronoUnit.MICROS);
	}

	String getSku() {
		return this.sku;
	}

	String getName() {
		return this.name;
	}

	String getDescription() {
		return this.description;
	}

	BigDecimal getPrice() {
		return this.price;
	}

	Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
