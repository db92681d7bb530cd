package com.example.platform.order.orders;

import java.util.UUID;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class OrderNotFoundException extends DomainException {

	OrderNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND, "Order %s does not exist".formatted(id));
	}

}
