package com.example.platform.order.order;

import java.math.BigDecimal;

class OrderTotalTooLargeException extends RuntimeException {

	OrderTotalTooLargeException(BigDecimal total, BigDecimal max) {
		super("Order total %s exceeds the maximum of %s".formatted(total.toPlainString(), max.toPlainString()));
	}

}
