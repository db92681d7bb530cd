package com.example.platform.order.orders;

enum OrderStatus {

	PLACED, CANCELLED

}
