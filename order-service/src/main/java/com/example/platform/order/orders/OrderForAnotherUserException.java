package com.example.platform.order.orders;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class OrderForAnotherUserException extends DomainException {

	OrderForAnotherUserException() {
		super(HttpStatus.FORBIDDEN, "orders can only be placed for yourself");
	}

}
