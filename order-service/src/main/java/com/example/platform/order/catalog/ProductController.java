package com.example.platform.order.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import com.example.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
@Tag(name = "products",
		description = "The catalog and its prices: anyone may browse it; only the administrator changes prices")
class ProductController {

	// The same rule as an order line's SKU: an identifier, never text.
	private static final String SKU = "[A-Za-z0-9-]{1,64}";

	private static final String SKU_MESSAGE = "must be 1 to 64 letters, digits or hyphens";

	private final Catalog catalog;

	ProductController(Catalog catalog) {
		this.catalog = catalog;
	}

	@Operation(summary = "List the catalog, ordered by SKU", description = "Public: no token needed.")
	@ApiResponse(responseCode = "200", description = "Every product with its current price")
	@GetMapping
	ProductList listProducts() {
		return this.catalog.listProducts();
	}

	@Operation(summary = "Read a product", description = "Public: no token needed.")
	@ApiResponse(responseCode = "200", description = "The product with its current price")
	@ApiResponse(responseCode = "404", description = "No such product")
	@GetMapping("/{sku}")
	ProductView getProduct(@PathVariable @Pattern(regexp = SKU, message = SKU_MESSAGE) String sku) {
		return this.catalog.findProduct(sku);
	}

	@Operation(summary = "Change a product's price (administrator)",
			description = "Orders placed from now on pay the new price; placed orders keep theirs.")
	// Stated here: the document marks ADMIN by itself only under /api/admin/**.
	@SecurityRequirement(name = "bearer-jwt", scopes = "ADMIN")
	@ApiResponse(responseCode = "200", description = "The product with its new price")
	@ApiResponse(responseCode = "403", description = "The caller is not the administrator")
	@ApiResponse(responseCode = "404", description = "No such product")
	@PutMapping("/{sku}/price")
	// No @Pattern on the SKU here: a constraint beside the @Valid body would report the
	// body's errors as one for "request" instead of naming "price". A SKU that is no
	// identifier matches no product, so it is a 404, and it only ever reaches a bound
	// query parameter.
	ProductView changePrice(@PathVariable String sku, @Valid @RequestBody PriceChangeRequest request,
			@AuthenticationPrincipal Jwt token) {
		return this.catalog.changePrice(Caller.of(token), sku, request.price());
	}

}
