package com.example.platform.order.catalog;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class ProductNotFoundException extends DomainException {

	ProductNotFoundException(String sku) {
		super(HttpStatus.NOT_FOUND, "Product %s does not exist".formatted(sku));
	}

}
