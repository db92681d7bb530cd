package com.example.platform.order.order;

class OtherUsersOrdersException extends RuntimeException {

	OtherUsersOrdersException() {
		super("only administrators can list other users' orders");
	}

}
