package com.example.platform.order.catalog;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The whole catalog, ordered by SKU: small enough to answer and cache in one piece.
 *
 * @param products every product
 */
@Schema(name = "ProductList")
record ProductList(List<ProductView> products) {

	ProductList {
		products = List.copyOf(products);
	}

}
