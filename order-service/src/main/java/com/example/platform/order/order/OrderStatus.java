package com.example.platform.order.order;

enum OrderStatus {

	PLACED, CANCELLED

}
