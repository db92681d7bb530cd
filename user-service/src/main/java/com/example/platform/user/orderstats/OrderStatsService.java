package com.example.platform.user.orderstats;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import com.example.platform.cache.VersionedCacheManager;
import com.example.platform.messaging.EventEnvelope;
import com.example.platform.messaging.EventTypes;
import com.example.platform.messaging.Inbox;
import com.example.platform.messaging.MalformedEventException;
import com.example.platform.user.caching.CacheNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps each user's {@code order_count} (placed, not cancelled orders) and
 * {@code total_spent} (their totals) from order-service's events. They are projections,
 * not user edits, so they deliberately leave the optimistic-locking {@code version}
 * alone: a client holding a user's version must not get a 409 because the user placed an
 * order meanwhile.
 * <p>
 * Runs inside the inbox transaction (a batch of events), so each event is applied at most
 * once; the changes to each user's figures are added up for the batch and written once
 * per user just before it commits. Each order's last known state and version is kept in
 * {@code order_stats}; an event changes the user's figures by the difference between the
 * order's old and new state, and only if it is newer than what is stored. A cancellation
 * that overtakes its placement thus records a cancelled order, and the late placement
 * changes nothing.
 */
@Service
class OrderStatsService {

	private static final Logger log = LoggerFactory.getLogger(OrderStatsService.class);

	private final JdbcClient jdbc;

	private final EventTypes types;

	private final VersionedCacheManager caches;

	OrderStatsService(JdbcClient jdbc, Inbox inbox, VersionedCacheManager caches) {
		this.jdbc = jdbc;
		// Tolerant of new kinds of order events (e.g. a future OrderShipped): they do not
		// change what this projection counts.
		this.types = inbox.handling()
			.on("OrderPlaced", 1, OrderPlaced.class, this::placed)
			.on("OrderCancelled", 1, OrderCancelled.class, this::cancelled);
		this.caches = caches;
	}

	void apply(EventEnvelope<JsonNode> event) {
		this.types.apply(event);
	}

	private void placed(EventEnvelope<JsonNode> event, OrderPlaced placed) {
		if (placed.orderId() == null || placed.userId() == null || placed.total() == null
				|| placed.total().signum() < 0) {
			throw new MalformedEventException("OrderPlaced " + event.eventId() + " lacks a valid order");
		}
		record(new OrderState(placed.orderId(), placed.userId(), Status.PLACED, placed.total(),
				event.aggregateVersion()));
	}

	private void cancelled(EventEnvelope<JsonNode> event, OrderCancelled cancelled) {
		if (cancelled.orderId() == null || cancelled.userId() == null) {
			throw new MalformedEventException("OrderCancelled " + event.eventId() + " lacks a valid order");
		}
		record(new OrderState(cancelled.orderId(), cancelled.userId(), Status.CANCELLED, null,
				event.aggregateVersion()));
	}

	private void record(OrderState incoming) {
		Optional<OrderState> previous = lockOrder(incoming.orderId());
		if (previous.isEmpty()) {
			int inserted = this.jdbc
				.sql("insert into order_stats (order_id, user_id, status, total, version) "
						+ "values (:orderId, :userId, :status, :total, :version) on conflict do nothing")
				.paramSource(incoming.parameters())
				.update();
			if (inserted == 0) {
				// Another consumer inserted it meanwhile (a rebalance overlap): start
				// over
				// from its row.
				record(incoming);
				return;
			}
			adjustUser(incoming.userId(), incoming.countContribution(), incoming.totalContribution());
			return;
		}
		OrderState before = previous.get();
		if (incoming.version() <= before.version()) {
			log.debug("Order {} is at version {}; ignoring version {}", before.orderId(), before.version(),
					incoming.version());
			return;
		}
		OrderState after = incoming.withKnownTotal(before.total());
		this.jdbc
			.sql("update order_stats set status = :status, total = :total, version = :version "
					+ "where order_id = :orderId")
			.paramSource(after.parameters())
			.update();
		adjustUser(after.userId(), after.countContribution() - before.countContribution(),
				after.totalContribution().subtract(before.totalContribution()));
	}

	private Optional<OrderState> lockOrder(UUID orderId) {
		return this.jdbc
			.sql("select order_id, user_id, status, total, version from order_stats where order_id = :orderId "
					+ "for update")
			.param("orderId", orderId)
			.query((rs, row) -> new OrderState(rs.getObject("order_id", UUID.class),
					rs.getObject("user_id", UUID.class), Status.valueOf(rs.getString("status")),
					rs.getBigDecimal("total"), rs.getLong("version")))
			.optional();
	}

	// Added up per user for the whole inbox transaction (a batch of events) and written
	// just before it commits.
	private void adjustUser(UUID userId, long count, BigDecimal total) {
		Adjustment adjustment = new Adjustment(count, total);
		if (!adjustment.isNone()) {
			pendingAdjustments().merge(userId, adjustment, Adjustment::plus);
		}
	}

	@SuppressWarnings("unchecked")
	private Map<UUID, Adjustment> pendingAdjustments() {
		Map<UUID, Adjustment> pending = (Map<UUID, Adjustment>) TransactionSynchronizationManager.getResource(this);
		if (pending != null) {
			return pending;
		}
		Map<UUID, Adjustment> created = new TreeMap<>();
		TransactionSynchronizationManager.bindResource(this, created);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void beforeCommit(boolean readOnly) {
				created.forEach(OrderStatsService.this::writeAdjustment);
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResource(OrderStatsService.this);
			}

		});
		return created;
	}

	// A single relative update, so concurrent events of one user's different orders
	// cannot lose each other's changes. Written in user id order (the map is sorted):
	// two consumers' batches that touch the same users lock them in the same order, so
	// they wait for each other instead of deadlocking.
	private void writeAdjustment(UUID userId, Adjustment adjustment) {
		if (adjustment.isNone()) {
			return;
		}
		int updated = this.jdbc
			.sql("update users set order_count = order_count + :count, total_spent = total_spent + :total "
					+ "where id = :userId")
			.param("count", adjustment.count())
			.param("total", adjustment.total())
			.param("userId", userId)
			.update();
		if (updated == 0) {
			log.info("Order event for user {}, who no longer exists; nothing to count", userId);
			return;
		}
		// The cached user shows these figures; evicted once the inbox transaction
		// commits.
		this.caches.evict(CacheNames.USERS, userId);
	}

	record Adjustment(long count, BigDecimal total) {

		Adjustment plus(Adjustment other) {
			return new Adjustment(this.count + other.count, this.total.add(other.total));
		}

		boolean isNone() {
			return this.count == 0 && this.total.signum() == 0;
		}

	}

	enum Status {

		PLACED, CANCELLED

	}

	record OrderState(UUID orderId, UUID userId, Status status, BigDecimal total, long version) {

		long countContribution() {
			return (this.status == Status.PLACED) ? 1 : 0;
		}

		BigDecimal totalContribution() {
			return (this.status == Status.PLACED && this.total != null) ? this.total : BigDecimal.ZERO;
		}

		OrderState withKnownTotal(BigDecimal known) {
			return (this.total != null) ? this
					: new OrderState(this.orderId, this.userId, this.status, known, this.version);
		}

		MapSqlParameterSource parameters() {
			return new MapSqlParameterSource().addValue("orderId", this.orderId)
				.addValue("userId", this.userId)
				.addValue("status", this.status.name())
				.addValue("total", this.total)
				.addValue("version", this.version);
		}

	}

}
