package com.example.platform.order.catalog;

import java.util.Collection;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

/**
 * An order names SKUs the catalog does not have. The request is well-formed, so it is a
 * 422 naming every unknown SKU, not a 400 or a 404.
 */
class UnknownProductsException extends DomainException {

	UnknownProductsException(Collection<String> skus) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown SKU(s): %s".formatted(String.join(", ", skus)));
	}

}
