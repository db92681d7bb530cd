package com.example.platform.order.orders;

import java.util.List;

import org.springframework.data.domain.Page;

record OrderPageView(List<OrderView> items, int page, int size, long totalElements, int totalPages) {

	static OrderPageView of(Page<Order> page) {
		return new OrderPageView(page.map(OrderView::of).getContent(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

}
