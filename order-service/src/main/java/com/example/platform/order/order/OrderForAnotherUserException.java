package com.example.platform.order.order;

class OrderForAnotherUserException extends RuntimeException {

	OrderForAnotherUserException() {
		super("orders can only be placed for yourself");
	}

}
