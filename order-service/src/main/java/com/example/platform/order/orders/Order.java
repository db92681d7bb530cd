package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order and its items, persisted as one aggregate. The total is computed here from the
 * items and the only state change, cancelling, refuses to happen twice.
 */
@Table("orders")
class Order {

	/** The largest total {@code numeric(12,2)} can hold. */
	static final BigDecimal MAX_TOTAL = new BigDecimal("9999999999.99");

	@Id
	private final UUID id;

	private final UUID userId;

	private OrderStatus status;

	private final BigDecimal total;

	private final Instant createdAt;

	@MappedCollection(idColumn = "order_id", keyColumn = "line_no")
	private final List<OrderItem> items;

	// Null until the first insert: Spring Data JDBC treats a null version as "new", which
	// is what lets the application assign the id.
	@Version
	private Long version;

	@PersistenceCreator
	Order(UUID id, UUID userId, OrderStatus status, BigDecimal total, Instant createdAt, List<OrderItem> items,
			Long version) {
		this.id = id;
		this.userId = userId;
		this.status = status;
		this.total = total;
		this.createdAt = createdAt;
		this.items = List.copyOf(items);
		this.version = version;
	}

	static Order place(UUID userId, List<OrderItem> items, Instant now) {
		if (items.isEmpty()) {
			throw new IllegalArgumentException("An order needs at least one item");
		}
		BigDecimal total = items.stream()
			.map(OrderItem::lineTotal)
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(OrderItem.MONEY_SCALE, RoundingMode.HALF_EVEN);
		if (total.compareTo(MAX_TOTAL) > 0) {
			throw new OrderTotalTooLargeException(total, MAX_TOTAL);
		}
		// PostgreSQL keeps microseconds; truncating here keeps the placed order equal to
		// the
		// one read back.
		return new Order(UUID.randomUUID(), userId, OrderStatus.PLACED, total, now.truncatedTo(ChronoUnit.MICROS),
				items, null);
	}

	void cancel() {
		if (this.status == OrderStatus.CANCELLED) {
			throw new OrderAlreadyCancelledException(this.id);
		}
		this.status = OrderStatus.CANCELLED;
	}

	UUID getId() {
		return this.id;
	}

	UUID getUserId() {
		return this.userId;
	}

	OrderStatus getStatus() {
		return this.status;
	}

	BigDecimal getTotal() {
		return this.total;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	List<OrderItem> getItems() {
		return this.items;
	}

	Long getVersion() {
		return this.version;
	}

}
