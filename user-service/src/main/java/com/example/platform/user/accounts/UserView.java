package com.example.platform.user.accounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

record UserView(UUID id, String email, String name, long version, Instant createdAt, long orderCount,
		BigDecimal totalSpent) {

	static UserView of(User user) {
		return new UserView(user.getId(), user.getEmail(), user.getName(), user.getVersion(), user.getCreatedAt(),
				user.getOrderCount(), user.getTotalSpent());
	}

}
