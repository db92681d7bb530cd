package com.example.platform.order.catalog;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class PriceChangeForbiddenException extends DomainException {

	PriceChangeForbiddenException() {
		super(HttpStatus.FORBIDDEN, "only administrators can change prices");
	}

}
