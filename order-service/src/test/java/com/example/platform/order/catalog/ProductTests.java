package com.example.platform.order.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProductTests {

	private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant NOW = Instant.parse("2026-01-15T10:15:30.123456789Z");

	@Test
	void changesThePriceNormalisedToCents() {
		Product product = new Product("MUG", "Coffee Mug", "Stoneware", new BigDecimal("7.50"), CREATED);

		product.changePrice(new BigDecimal("12.5"), NOW);

		assertThat(product.getPrice()).isEqualTo(new BigDecimal("12.50"));
		assertThat(product.getUpdatedAt()).isEqualTo(Instant.parse("2026-01-15T10:15:30.123456Z"));
	}

	@Test
	void refusesAPriceThatIsNotPositive() {
		Product product = new Product("MUG", "Coffee Mug", "Stoneware", new BigDecimal("7.50"), CREATED);

		assertThatIllegalArgumentException().isThrownBy(() -> product.changePrice(BigDecimal.ZERO, NOW));
		assertThatIllegalArgumentException().isThrownBy(() -> product.changePrice(new BigDecimal("-1"), NOW));
		assertThat(product.getPrice()).isEqualTo(new BigDecimal("7.50"));
	}

}
