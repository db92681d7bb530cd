package com.example.platform.order.order;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.platform.security.Caller;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/orders")
class OrderController {

	// "verified" when user-service vouched for the user, "degraded" when it could not
	// answer and the local projection of user events did (see the README).
	static final String USER_CHECK_HEADER = "X-User-Check";

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping
	ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderRequest request, @AuthenticationPrincipal Jwt token) {
		PlacedOrder placed = this.orders.placeOrder(Caller.of(token), request.userId(), request.toOrderItems());
		Order order = placed.order();
		// Relative, so the location stays right when the gateway fronts this service.
		return ResponseEntity.created(URI.create("/api/orders/" + order.getId()))
			.header(USER_CHECK_HEADER, placed.userCheck().name().toLowerCase(Locale.ROOT))
			.body(OrderView.of(order));
	}

	@GetMapping("/{id}")
	OrderView get(@PathVariable UUID id, @AuthenticationPrincipal Jwt token) {
		return this.orders.findOrder(Caller.of(token), id);
	}

	@GetMapping
	OrderPageView list(@RequestParam(required = false) UUID userId, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
		return OrderPageView.of(this.orders.findOrders(Caller.of(token), userId, page, size));
	}

	@PostMapping("/{id}/cancel")
	OrderView cancel(@PathVariable UUID id, @AuthenticationPrincipal Jwt token) {
		return OrderView.of(this.orders.cancelOrder(Caller.of(token), id));
	}

}
