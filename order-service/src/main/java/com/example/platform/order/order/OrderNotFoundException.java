package com.example.platform.order.order;

import java.util.UUID;

class OrderNotFoundException extends RuntimeException {

	OrderNotFoundException(UUID id) {
		super("Order %s does not exist".formatted(id));
	}

}
