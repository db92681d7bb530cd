package com.example.platform.order.orders;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class OtherUsersOrdersException extends DomainException {

	OtherUsersOrdersException() {
		super(HttpStatus.FORBIDDEN, "only administrators can list other users' orders");
	}

}
