package com.example.platform.order.orders;

import java.util.UUID;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class OrderAlreadyCancelledException extends DomainException {

	OrderAlreadyCancelledException(UUID id) {
		super(HttpStatus.CONFLICT, "Order %s is already cancelled".formatted(id));
	}

}
