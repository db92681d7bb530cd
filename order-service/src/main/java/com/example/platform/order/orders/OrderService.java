package com.example.platform.order.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.cache.VersionedCache;
import com.example.platform.cache.VersionedCacheManager;
import com.example.platform.datasource.ReadConsistency;
import com.example.platform.order.catalog.Catalog;
import com.example.platform.order.user.UserCheck;
import com.example.platform.order.user.UserDirectory;
import com.example.platform.security.Caller;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class OrderService {

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

	private final OrderRepository orders;

	private final UserDirectory users;

	private final Catalog catalog;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final VersionedCache<OrderView> cache;

	OrderService(OrderRepository orders, UserDirectory users, Catalog catalog, ApplicationEventPublisher events,
			PlatformTransactionManager transactionManager, VersionedCacheManager caches) {
		this.orders = orders;
		this.users = users;
		this.catalog = catalog;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
		this.cache = caches.cache("orders", OrderView.class);
	}

	PlacedOrder placeOrder(Caller caller, UUID userId, List<PlaceOrderRequest.Item> items) {
		if (!mayAccess(caller, userId)) {
			throw new OrderForAnotherUserException();
		}
		// Checked before the transaction begins, so a slow user-service never holds a
		// database connection.
		UserCheck userCheck = this.users.requireExisting(userId);
		Order placed = this.transaction.execute((status) -> {
			// Priced from the primary in the placing transaction: the order keeps
			// the price current when it is placed, whatever the catalog does later.
			Map<String, BigDecimal> prices = this.catalog
				.pricesOf(items.stream().map(PlaceOrderRequest.Item::sku).toList());
			List<OrderItem> priced = items.stream().map((item) -> item.priced(prices)).toList();
			Order order = this.orders.save(Order.place(userId, priced, Instant.now()));
			this.events.publishEvent(OrderPlaced.of(order));
			return order;
		});
		return new PlacedOrder(placed, userCheck);
	}

	@Transactional
	Order cancelOrder(Caller caller, UUID id) {
		Order order = this.orders.findById(id)
			.filter((candidate) -> mayAccess(caller, candidate.getUserId()))
			.orElseThrow(() -> new OrderNotFoundException(id));
		order.cancel();
		Order cancelled = this.orders.save(order);
		this.cache.evict(id);
		this.events.publishEvent(OrderCancelled.of(cancelled, Instant.now()));
		return cancelled;
	}

	// The cache honours the request's consistency like the database routing does: a
	// client's token skips entries older than its own write, and a strong read skips the
	// cache. Someone else's order is "not found", exactly like a missing one, so ids leak
	// nothing.
	@Transactional(readOnly = true)
	OrderView findOrder(Caller caller, UUID id) {
		OrderView order = this.cache.get(id, () -> this.orders.findById(id).map(OrderView::of).orElse(null),
				ReadConsistency.minimumPosition());
		if (order == null || !mayAccess(caller, order.userId())) {
			throw new OrderNotFoundException(id);
		}
		return order;
	}

	// Without a user id an administrator lists everyone's orders and anyone else their
	// own.
	@Transactional(readOnly = true)
	Page<Order> findOrders(Caller caller, UUID userId, int page, int size) {
		UUID owner = userId;
		if (!caller.isAdmin()) {
			owner = caller.userId()
				.filter((self) -> userId == null || userId.equals(self))
				.orElseThrow(OtherUsersOrdersException::new);
		}
		PageRequest request = PageRequest.of(page, size, NEWEST_FIRST);
		return (owner != null) ? this.orders.findByUserId(owner, request) : this.orders.findAll(request);
	}

	private static boolean mayAccess(Caller caller, UUID owner) {
		return caller.isAdmin() || caller.is(owner);
	}

}
