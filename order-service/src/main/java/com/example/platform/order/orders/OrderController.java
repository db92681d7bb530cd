package com.example.platform.order.orders;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "orders", description = "A user places and sees only their own orders; the administrator every order")
class OrderController {

	// "verified" when user-service vouched for the user, "degraded" when it could not
	// answer and the local projection of user events did (docs/resilience.md,
	// "order-service's
	// user check").
	static final String USER_CHECK_HEADER = "X-User-Check";

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@Operation(summary = "Place an order for yourself; prices come from the catalog, the server computes the total",
			description = "Lines name a SKU and a quantity only: a client-sent price (unitPrice, total, ...) is "
					+ "refused with 400. Each line stores the catalog's price at placement; later price changes "
					+ "leave placed orders as they were.")
	@ApiResponse(responseCode = "201", description = "Placed",
			headers = {
					@Header(name = "Location", description = "The order's path, /api/orders/{id}", required = true,
							schema = @Schema(type = "string")),
					@Header(name = USER_CHECK_HEADER, required = true,
							schema = @Schema(type = "string", allowableValues = { "verified", "degraded" }),
							description = "verified: user-service vouched for the user; degraded: it could not "
									+ "answer and the local projection of user events did") })
	@ApiResponse(responseCode = "403", description = "userId names another user")
	@ApiResponse(responseCode = "422",
			description = "No such user, SKUs the catalog does not have (each named), or the total is too large")
	@ApiResponse(responseCode = "503",
			description = "Neither user-service nor the user projection can tell whether the user exists")
	@PostMapping
	ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderRequest request, @AuthenticationPrincipal Jwt token) {
		PlacedOrder placed = this.orders.placeOrder(Caller.of(token), request.userId(), request.items());
		Order order = placed.order();
		// Relative, so the location stays right when the gateway fronts this service.
		return ResponseEntity.created(URI.create("/api/orders/" + order.getId()))
			.header(USER_CHECK_HEADER, placed.userCheck().name().toLowerCase(Locale.ROOT))
			.body(OrderView.of(order));
	}

	@Operation(summary = "Read an order")
	@ApiResponse(responseCode = "200", description = "The order")
	@ApiResponse(responseCode = "404", description = "No such order, or another user's (as if it did not exist)")
	@GetMapping("/{id}")
	OrderView get(@PathVariable UUID id, @AuthenticationPrincipal Jwt token) {
		return this.orders.findOrder(Caller.of(token), id);
	}

	@Operation(summary = "List orders, newest first",
			description = "Without userId: the caller's own. Only the administrator may name another user.")
	@ApiResponse(responseCode = "200", description = "One page of orders")
	@ApiResponse(responseCode = "403",
			description = "userId names another user and the caller is not the administrator")
	@GetMapping
	OrderPageView list(@RequestParam(required = false) UUID userId, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
		return OrderPageView.of(this.orders.findOrders(Caller.of(token), userId, page, size));
	}

	@Operation(summary = "Cancel an order")
	@ApiResponse(responseCode = "200", description = "The cancelled order")
	@ApiResponse(responseCode = "404", description = "No such order, or another user's (as if it did not exist)")
	@ApiResponse(responseCode = "409", description = "The order is already cancelled")
	@PostMapping("/{id}/cancel")
	OrderView cancel(@PathVariable UUID id, @AuthenticationPrincipal Jwt token) {
		return OrderView.of(this.orders.cancelOrder(Caller.of(token), id));
	}

}
