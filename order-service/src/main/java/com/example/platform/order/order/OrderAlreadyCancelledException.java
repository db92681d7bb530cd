package com.example.platform.order.order;

import java.util.UUID;

class OrderAlreadyCancelledException extends RuntimeException {

	OrderAlreadyCancelledException(UUID id) {
		super("Order %s is already cancelled".formatted(id));
	}

}
