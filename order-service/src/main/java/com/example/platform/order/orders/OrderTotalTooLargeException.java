package com.example.platform.order.orders;

import java.math.BigDecimal;

import com.example.platform.web.DomainException;

import org.springframework.http.HttpStatus;

class OrderTotalTooLargeException extends DomainException {

	OrderTotalTooLargeException(BigDecimal total, BigDecimal max) {
		super(HttpStatus.UNPROCESSABLE_CONTENT,
				"Order total %s exceeds the maximum of %s".formatted(total.toPlainString(), max.toPlainString()));
	}

}
